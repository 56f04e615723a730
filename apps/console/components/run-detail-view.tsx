"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import type { ContextPack, RunDetail } from "@/lib/types";
import { useAgents } from "@/lib/use-agents";
import { CheckpointCard } from "./checkpoint-card";
import { ContextPackTable } from "./context-pack-table";
import { ErrorLine } from "./error-line";
import { PageHeader } from "./page-header";
import { RollbackPanel } from "./rollback-panel";
import { RunTimeline } from "./run-timeline";
import { useSession } from "./session-context";

export function RunDetailView({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { canApprove } = useSession();
  const { nameOf } = useAgents();
  const q = useQuery(trpc.runs.get.queryOptions({ runId }));
  const pack = useQuery(trpc.runs.pack.queryOptions({ runId }));
  const detail = q.data as RunDetail | undefined;
  return (
    <>
      <PageHeader title={detail ? `Run: ${detail.run.task}` : "Run"}>
        <Link href="/runs" className="btn ghost">
          Back to runs
        </Link>
      </PageHeader>
      <ErrorLine error={q.error} />
      {detail && (
        <div className="detail">
          <section className="card" aria-label="Run">
            <dl className="fields">
              <div>
                <dt>Status</dt>
                <dd>
                  <span className={`status ${detail.run.status}`}>{detail.run.status}</span>
                </dd>
              </div>
              <div>
                <dt>Agent</dt>
                <dd>{nameOf(detail.run.agentId)}</dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>{formatTime(detail.run.startedAt)}</dd>
              </div>
              <div>
                <dt>Outcome</dt>
                <dd>{detail.run.outcome ?? "—"}</dd>
              </div>
              <div>
                <dt>Audit events</dt>
                <dd>
                  <Link href={`/audit`}>from seq {detail.run.startSeq}</Link>
                </dd>
              </div>
            </dl>
          </section>
          <RunTimeline detail={detail} />
          {detail.checkpoints.map((c) => (
            <CheckpointCard key={c.id} checkpoint={c} canDecide={canApprove} />
          ))}
          {pack.data ? (
            <ContextPackTable pack={pack.data as unknown as ContextPack} />
          ) : (
            <ErrorLine error={pack.error} />
          )}
          <RollbackPanel runId={runId} checkpoints={detail.checkpoints} canRollback={canApprove} />
        </div>
      )}
    </>
  );
}
