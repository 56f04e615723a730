"use client";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { useNamespace } from "./namespace-context";

const LiveContext = createContext(false);

/**
 * Subscribes to the API's live audit stream (`/events`, proxied) for the namespace and
 * refetches what is on screen when something happens. While the stream is down, pages
 * fall back to polling every 3 s (see `usePollInterval`).
 */
export function LiveEvents({ children }: { children: ReactNode }) {
  const { namespaceId } = useNamespace();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (!namespaceId || typeof EventSource === "undefined") return;
    const source = new EventSource(`/events?namespaceId=${encodeURIComponent(namespaceId)}`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener("audit", () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries();
      }, 250);
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
      setLive(false);
    };
  }, [namespaceId, queryClient]);

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLive(): boolean {
  return useContext(LiveContext);
}

/** `refetchInterval` for live screens: none while events stream in, 3 s otherwise. */
export function usePollInterval(): number | false {
  return useLive() ? false : 3_000;
}
