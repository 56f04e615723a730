import { diffText } from "@/lib/diff";

/** Word diff of two texts: removals struck through, additions highlighted. */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const parts = diffText(before, after);
  return (
    <pre className="diff" aria-label={label}>
      {parts.map((p, i) =>
        p.kind === "same" ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === "added" ? (
          <ins key={i}>{p.text}</ins>
        ) : (
          <del key={i}>{p.text}</del>
        ),
      )}
    </pre>
  );
}
