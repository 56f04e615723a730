import Link from "next/link";

export function StatCard({
  label,
  value,
  href,
  tone,
}: {
  label: string;
  value: number | string;
  href?: string;
  tone?: "warn" | "ok";
}) {
  const body = (
    <>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </>
  );
  return (
    <section className={`card stat ${tone ?? ""}`} aria-label={label}>
      {href ? <Link href={href}>{body}</Link> : body}
    </section>
  );
}
