import Link from "next/link";
import { formatTime } from "@/lib/format";
import type { Memory } from "@/lib/types";
import { DiffView } from "./diff-view";

/** Versions newest first, each with the diff from the version before it. */
export function VersionHistory({ versions, currentId }: { versions: Memory[]; currentId: string }) {
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions ({versions.length})</h2>
      <ol className="versions">
        {versions.map((v, i) => {
          const older = versions[i + 1];
          return (
            <li key={v.id}>
              <div className="version-head">
                <strong>v{v.version}</strong> <span className={`status ${v.status}`}>{v.status}</span>{" "}
                <span className="muted">{formatTime(v.recordedAt)}</span>{" "}
                {v.id === currentId ? (
                  <span className="muted">(this one)</span>
                ) : (
                  <Link href={`/memories/${v.id}`}>open</Link>
                )}
              </div>
              {older ? (
                <DiffView
                  before={older.content}
                  after={v.content}
                  label={`Changes from v${older.version} to v${v.version}`}
                />
              ) : (
                <pre className="diff">{v.content}</pre>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
