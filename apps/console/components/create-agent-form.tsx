"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorLine } from "./error-line";

export function CreateAgentForm({ namespaceId }: { namespaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation(
    trpc.admin.createAgent.mutationOptions({
      onSuccess: async () => {
        setName("");
        setDescription("");
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      namespaceId,
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
    });
  };
  return (
    <form className="card inline-form" onSubmit={submit} aria-label="Create agent">
      <label className="field">
        <span>Agent name</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field grow">
        <span>Description</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <button type="submit" className="btn primary" disabled={!name.trim() || create.isPending}>
        Create agent
      </button>
      <ErrorLine error={create.error} />
    </form>
  );
}
