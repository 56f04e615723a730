import Link from "next/link";
import { truncate } from "@/lib/format";
import type { ContextPack } from "@/lib/types";

export function ContextPackTable({ pack }: { pack: ContextPack }) {
  return (
    <table className="table">
      <caption>
        Context pack: {pack.items.length} items, {pack.tokens} of {pack.tokenBudget} tokens
      </caption>
      <thead>
        <tr>
          <th scope="col">Memory</th>
          <th scope="col">Tier</th>
          <th scope="col">Score</th>
          <th scope="col">Tokens</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {pack.items.map((i) => (
          <tr key={`${i.tier}:${i.memoryId}`}>
            <td>
              {i.tier === "graph" ? (
                truncate(i.content, 100)
              ) : (
                <Link href={`/memories/${i.memoryId}`}>{truncate(i.content, 100)}</Link>
              )}
            </td>
            <td>{i.tier}</td>
            <td>{i.score.toFixed(3)}</td>
            <td>{i.tokens}</td>
            <td>{i.why}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
