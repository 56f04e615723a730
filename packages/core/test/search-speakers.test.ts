import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { writeMemories } from "../src/index.js";
import { cachedSpeakers, knownSpeakers } from "../src/memory/search-speakers.js";
import { memoryVisibility } from "../src/memory/visibility.js";
import { type Harness, setupCore, tenant } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
}, 120_000);
afterAll(async () => h?.dispose());
afterEach(() => vi.restoreAllMocks());

const said = (speaker: string, position: number) => ({
  tier: "episodic" as const,
  content: `${speaker}: hello`,
  data: { speaker, episode: "s", position },
});

describe("knownSpeakers", () => {
  it("answers from its cache, and past the TTL serves the old list while it reads the new one", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const a = agents.alpha!;
    const db = h.core.memro.db;
    const visible = (await memoryVisibility(db, a, ns.id))!;
    await writeMemories(h.core, a, [said("Ann", 0)]);
    expect(cachedSpeakers(a, ns.id)).toBeUndefined();
    expect(await knownSpeakers(db, a, ns.id, visible)).toEqual(["Ann"]);
    expect(cachedSpeakers(a, ns.id)).toEqual(["Ann"]);

    await writeMemories(h.core, a, [said("Bob", 1)]);
    // Within the TTL the cached list stands.
    expect(await knownSpeakers(db, a, ns.id, visible)).toEqual(["Ann"]);
    const later = Date.now() + 31_000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    // Stale: served at once, refreshed behind it.
    expect(await knownSpeakers(db, a, ns.id, visible)).toEqual(["Ann"]);
    await vi.waitFor(() => expect(cachedSpeakers(a, ns.id)?.sort()).toEqual(["Ann", "Bob"]));
    expect((await knownSpeakers(db, a, ns.id, visible)).sort()).toEqual(["Ann", "Bob"]);
  });
});
