"use client";
import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import type { Namespace } from "@/lib/types";

const STORAGE_KEY = "memro.namespace";

interface NamespaceState {
  namespaceId: string | null;
  namespaces: Namespace[];
  setNamespaceId(id: string): void;
}

const NamespaceContext = createContext<NamespaceState>({
  namespaceId: null,
  namespaces: [],
  setNamespaceId: () => {},
});

/**
 * The namespace the console looks at: `?ns=<id>` in the address wins (links can be
 * shared), then the last one picked, then the first tenant namespace.
 */
export function NamespaceProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.admin.namespaces.queryOptions({}));
  const namespaces = useMemo(() => (list.data as Namespace[] | undefined) ?? [], [list.data]);
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    const fromUrl = new URLSearchParams(window.location.search).get("ns");
    const initial = fromUrl ?? window.localStorage.getItem(STORAGE_KEY);
    if (initial) setChosen(initial);
    if (fromUrl) window.localStorage.setItem(STORAGE_KEY, fromUrl);
  }, []);

  const setNamespaceId = useCallback((id: string) => {
    setChosen(id);
    window.localStorage.setItem(STORAGE_KEY, id);
  }, []);

  const namespaceId = useMemo(() => {
    if (!list.data) return null;
    if (chosen && namespaces.some((n) => n.id === chosen)) return chosen;
    return (namespaces.find((n) => n.slug !== "_system") ?? namespaces[0])?.id ?? null;
  }, [chosen, namespaces, list.data]);

  const value = useMemo(
    () => ({ namespaceId, namespaces, setNamespaceId }),
    [namespaceId, namespaces, setNamespaceId],
  );
  return <NamespaceContext.Provider value={value}>{children}</NamespaceContext.Provider>;
}

export function useNamespace(): NamespaceState {
  return useContext(NamespaceContext);
}
