"use client";
import Link from "next/link";
import { ROW_TIERS, type RowTier } from "@/lib/types";

const LABELS: Record<RowTier, string> = {
  vector: "Vector",
  episodic: "Episodic",
  knowledge: "Knowledge",
  skills: "Skills",
};

export function TierTabs({ tier, onChange }: { tier: RowTier; onChange(tier: RowTier): void }) {
  return (
    <div className="tabs-row">
      <div role="tablist" aria-label="Tiers" className="tabs">
        {ROW_TIERS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={t === tier}
            className="tab"
            onClick={() => onChange(t)}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      <Link href="/graph" className="tab link">
        Graph →
      </Link>
    </div>
  );
}
