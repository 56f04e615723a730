import { testDbKind } from "@memro/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeMemories } from "../src/index.js";
import { createVectorIndex } from "../src/memory/vector-index.js";
import { type Harness, setupCore, tenant } from "./helpers.js";

// Both paths can only be compared where pgvector exists (PGlite); on a server without it
// the exact path is the only one, and every other suite exercises it there.
describe.skipIf(testDbKind() !== "pglite")("the exact fallback agrees with pgvector on the same data", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  it("returns the same nearest memories with the same similarities", async () => {
    const { ns, agents } = await tenant(h, ["a"]);
    const topics = ["billing", "deploys", "holidays", "databases", "hiring", "security", "coffee", "travel"];
    const texts = Array.from(
      { length: 80 },
      (_, i) => `Note ${i} about ${topics[i % 8]} and ${topics[(i * 3) % 8]}: item ${i * 7}`,
    );
    await writeMemories(
      h.core,
      agents.a!,
      texts.map((content) => ({ tier: "vector", content })),
    );
    expect(h.core.vectors.mode).toBe("pgvector");
    const { dimensions } = h.core.embeddings;
    const pgvector = createVectorIndex("pgvector", dimensions, h.core.memro.dimensions);
    const exact = createVectorIndex("exact-cache", dimensions, h.core.memro.dimensions);
    for (const query of [
      "invoices and billing",
      "production deploys",
      "a trip abroad",
      "password security",
    ]) {
      const [q] = await h.core.embeddings.embed([query]);
      const a = await pgvector.nearest(h.core.memro.db, ns.id, q!, 10);
      const b = await exact.nearest(h.core.memro.db, ns.id, q!, 10);
      expect(b.map((x) => x.id)).toEqual(a.map((x) => x.id));
      for (const [i, hit] of a.entries()) expect(b[i]!.similarity).toBeCloseTo(hit.similarity, 4);
    }
  });
});
