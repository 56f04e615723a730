"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { useSession } from "./session-context";

export function OperatorBadge() {
  const trpc = useTRPC();
  const session = useSession();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => window.location.assign("/sign-in"),
    }),
  );
  return (
    <div className="operator" role="group" aria-label="Signed-in operator">
      <span className="operator-email" title={session.name && session.email ? session.email : undefined}>
        {session.name ? `${session.name} · ` : ""}
        {session.email ?? "operator"}
      </span>
      {session.role && (
        <span className="badge" data-role={session.role} title="Role">
          {session.role}
        </span>
      )}
      <button
        type="button"
        className="btn ghost"
        onClick={() => signOut.mutate({})}
        disabled={signOut.isPending}
      >
        Sign out
      </button>
    </div>
  );
}
