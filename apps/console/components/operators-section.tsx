"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import type { Operator, Role } from "@/lib/types";
import { ErrorLine } from "./error-line";

const ROLES: Role[] = ["viewer", "approver", "admin"];

export function OperatorsSection({ canEdit, selfId }: { canEdit: boolean; selfId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.admin.operators.queryOptions({}));
  const operators = (q.data as Operator[] | undefined) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.operators.pathKey() });
  const setRole = useMutation(trpc.admin.setOperatorRole.mutationOptions({ onSuccess: refresh }));
  const create = useMutation(trpc.admin.createOperator.mutationOptions({ onSuccess: refresh }));
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "viewer" as Role });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        email: form.email.trim(),
        password: form.password,
        role: form.role,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
      },
      { onSuccess: () => setForm({ email: "", name: "", password: "", role: "viewer" }) },
    );
  };
  return (
    <section aria-labelledby="operators-title">
      <h2 id="operators-title">Operators and roles</h2>
      <ErrorLine error={q.error ?? setRole.error} />
      <table className="table">
        <caption>Operators</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((o) => (
            <tr key={o.id}>
              <td>{o.email}</td>
              <td>{o.name || "—"}</td>
              <td>
                {canEdit && o.id !== selfId ? (
                  <select
                    aria-label={`Role of ${o.email}`}
                    value={o.role}
                    disabled={setRole.isPending}
                    onChange={(e) => setRole.mutate({ operatorId: o.id, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  o.role
                )}
              </td>
              <td>{formatTime(o.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && (
        <form className="card inline-form" onSubmit={submit} aria-label="Create operator">
          <label className="field">
            <span>Operator email</span>
            <input
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Operator name</span>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label className="field">
            <span>Initial password</span>
            <input
              type="password"
              required
              minLength={12}
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Role</span>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn primary" disabled={create.isPending}>
            Create operator
          </button>
          <ErrorLine error={create.error} />
        </form>
      )}
    </section>
  );
}
