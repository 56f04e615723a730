"use client";
import { useState } from "react";
import { errorMessage } from "@/lib/format";
import { useTRPCClient } from "@/lib/trpc";
import type { ChainReport } from "@/lib/types";

function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** Verify the namespace's hash chain, or export a signed checkpoint of its head. */
export function ChainTools({ namespaceId }: { namespaceId: string }) {
  const client = useTRPCClient();
  const [report, setReport] = useState<ChainReport | null>(null);
  const [busy, setBusy] = useState<"verify" | "export" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verify = async () => {
    setBusy("verify");
    setError(null);
    setReport(null);
    try {
      setReport((await client.audit.verify.query({ namespaceId })) as ChainReport);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const exportCheckpoint = async () => {
    setBusy("export");
    setError(null);
    try {
      const checkpoint = (await client.audit.exportCheckpoint.mutate({ namespaceId })) as { seq: number };
      download(`memro-checkpoint-${namespaceId.slice(0, 8)}-seq${checkpoint.seq}.json`, checkpoint);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="chain-tools">
      <button type="button" className="btn primary" onClick={verify} disabled={busy !== null}>
        {busy === "verify" ? "Verifying…" : "Verify chain"}
      </button>
      <button type="button" className="btn" onClick={exportCheckpoint} disabled={busy !== null}>
        Export signed checkpoint
      </button>
      <div role="status" aria-label="Chain status" className="chain-status">
        {report?.ok && (
          <span className="ok">
            Chain verified: {report.checked} events, head seq {report.headSeq}
          </span>
        )}
        {report && !report.ok && (
          <span className="bad">
            First bad seq {report.firstBadSeq}: {report.problem}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
