"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useNamespace } from "@/components/namespace-context";
import { useTRPC } from "./trpc";
import type { Agent } from "./types";

/** The namespace's agents, and a name for an agent id (falls back to its short id). */
export function useAgents() {
  const trpc = useTRPC();
  const { namespaceId } = useNamespace();
  const q = useQuery({
    ...trpc.admin.agents.queryOptions({ namespaceId: namespaceId ?? "" }),
    enabled: Boolean(namespaceId),
  });
  const agents = useMemo(() => (q.data as Agent[] | undefined) ?? [], [q.data]);
  const nameOf = useMemo(() => {
    const names = new Map(agents.map((a) => [a.id, a.name]));
    return (id: string | null | undefined) => (id ? (names.get(id) ?? id.slice(0, 8)) : "—");
  }, [agents]);
  return { agents, nameOf, query: q };
}
