import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";

export const dynamic = "force-dynamic";

/** No session cookie: straight to sign-in (an expired one is caught by the first API call). */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const jar = await cookies();
  if (!jar.get("memro_session")?.value) redirect("/sign-in");
  return <AppShell>{children}</AppShell>;
}
