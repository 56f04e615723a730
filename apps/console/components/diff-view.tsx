import { diffText } from "@/lib/diff";

/** Word diff of two texts: removals struck through, additions highlighted. */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffText(before, after);
  return (
    <pre className="diff" role="region" aria-label={label}>
      {parts.map((p, i) => {
        // A diff is rendered once and never reordered, so its position is a stable key.
        const key = `${i}:${p.kind}`;
        return p.kind === "same" ? (
          <span key={key}>{p.text}</span>
        ) : p.kind === "added" ? (
          <ins key={key}>{p.text}</ins>
        ) : (
          <del key={key}>{p.text}</del>
        );
      })}
    </pre>
  );
}
