"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatTime, truncate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import type { Run } from "@/lib/types";
import { useAgents } from "@/lib/use-agents";
import { ErrorLine } from "./error-line";
import { usePollInterval } from "./live-events";
import { useNamespace } from "./namespace-context";
import { PageHeader } from "./page-header";

const STATUSES = ["running", "waiting", "finished", "failed", "rolled_back"] as const;

export function RunsView() {
  const trpc = useTRPC();
  const { namespaceId } = useNamespace();
  const { agents, nameOf } = useAgents();
  const refetchInterval = usePollInterval();
  const [status, setStatus] = useState<(typeof STATUSES)[number] | "">("");
  const [agentId, setAgentId] = useState("");
  const q = useQuery({
    ...trpc.runs.list.queryOptions({
      namespaceId: namespaceId ?? undefined,
      limit: 100,
      ...(status ? { status } : {}),
      ...(agentId ? { agentId } : {}),
    }),
    enabled: Boolean(namespaceId),
    refetchInterval,
  });
  const runs = (q.data as Run[] | undefined) ?? [];
  return (
    <>
      <PageHeader title="Runs" />
      <div className="filters" role="group" aria-label="Filter runs">
        <label className="field">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Agent</span>
          <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="">any</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorLine error={q.error} />
      <table className="table">
        <caption>Runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Agent</th>
            <th scope="col">Status</th>
            <th scope="col">Outcome</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No runs.
              </td>
            </tr>
          )}
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/runs/${r.id}`}>{truncate(r.task, 100)}</Link>
              </td>
              <td>{nameOf(r.agentId)}</td>
              <td>
                <span className={`status ${r.status}`}>{r.status}</span>
              </td>
              <td>{r.outcome ?? "—"}</td>
              <td>{formatTime(r.startedAt)}</td>
              <td>{formatTime(r.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
