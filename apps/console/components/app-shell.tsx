"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { LiveEvents } from "./live-events";
import { LiveIndicator } from "./live-indicator";
import { NamespaceProvider } from "./namespace-context";
import { NamespacePicker } from "./namespace-picker";
import { Nav } from "./nav";
import { OperatorBadge } from "./operator-badge";
import { SessionProvider } from "./session-context";

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <NamespaceProvider>
        <LiveEvents>
          <div className="shell">
            <header className="topbar">
              <Link href="/overview" className="brand">
                MemroOS
              </Link>
              <NamespacePicker />
              <LiveIndicator />
              <OperatorBadge />
            </header>
            <Nav />
            <main className="content">{children}</main>
          </div>
        </LiveEvents>
      </NamespaceProvider>
    </SessionProvider>
  );
}
