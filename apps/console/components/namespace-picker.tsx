"use client";
import { useNamespace } from "./namespace-context";

export function NamespacePicker() {
  const { namespaceId, namespaces, setNamespaceId } = useNamespace();
  return (
    <label className="field inline">
      <span>Namespace</span>
      <select
        value={namespaceId ?? ""}
        onChange={(e) => setNamespaceId(e.target.value)}
        disabled={!namespaces.length}
      >
        {namespaces.map((n) => (
          <option key={n.id} value={n.id}>
            {n.slug}
          </option>
        ))}
      </select>
    </label>
  );
}
