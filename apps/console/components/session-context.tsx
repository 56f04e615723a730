"use client";
import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { useTRPC } from "@/lib/trpc";
import type { Me, Role } from "@/lib/types";

interface Session {
  operatorId: string | null;
  email: string | null;
  name: string | null;
  role: Role | null;
  canApprove: boolean;
  canAdmin: boolean;
}

const SessionContext = createContext<Session>({
  operatorId: null,
  email: null,
  name: null,
  role: null,
  canApprove: false,
  canAdmin: false,
});

/** Who is signed in (auth.me names the operator) and what the role allows; the server enforces it again on every call. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions({}));
  const value = useMemo<Session>(() => {
    const actor = me.data as Me | undefined;
    const role = actor?.role ?? null;
    return {
      operatorId: actor?.operatorId ?? null,
      email: actor?.email || null,
      name: actor?.name || null,
      role,
      canApprove: role === "approver" || role === "admin",
      canAdmin: role === "admin",
    };
  }, [me.data]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
