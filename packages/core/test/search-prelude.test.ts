import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDecaySettings, setPolicy, startRun, writeMemory } from "../src/index.js";
import { decaySettings } from "../src/memory/decay-settings.js";
import { namespaceHeads } from "../src/memory/namespace-heads.js";
import { searchPrelude } from "../src/memory/search-prelude.js";
import { queryLexemes } from "../src/memory/search-sql.js";
import { resolvePolicies } from "../src/policy/policy.js";
import { type Harness, note, setupCore, tenant } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await setupCore();
}, 120_000);
afterAll(async () => h?.dispose());

describe("searchPrelude (one round trip before a search)", () => {
  it("reads what the separate lookups read: lexemes, heads, decay and the agent's policies", async () => {
    const { ns, agents } = await tenant(h, ["alpha", "beta"]);
    const alpha = agents.alpha!;
    const db = h.core.memro.db;
    // A namespace default, and an agent's own row that must win over it for that agent only.
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: null,
      tier: "vector",
      read: "own",
      write: "direct",
    });
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: alpha.agentId,
      tier: "vector",
      read: "shared",
      write: "gated",
      maxMemories: 7,
      clearances: ["pii"],
    });
    await setDecaySettings(h.core, h.admin, ns.id, {
      vector: { halfLifeDays: 3, floor: 0.1 },
      episodic: { halfLifeDays: null, floor: 0 },
      knowledge: { halfLifeDays: null, floor: 0 },
      skills: { halfLifeDays: 9, floor: 0.2 },
    });
    await writeMemory(h.core, alpha, note("The runners were running quickly"));
    const text = "Were the runners running quickly, O'Brien?";

    for (const agent of [alpha, agents.beta!]) {
      const prelude = await searchPrelude(db, agent, ns.id, text);
      expect(prelude.lexemes).toEqual(await queryLexemes(db, text));
      expect(prelude.heads).toEqual(await namespaceHeads(db, ns.id));
      expect(prelude.decay).toEqual(await decaySettings(db, ns.id));
      expect(prelude.policies).toEqual(await resolvePolicies(db, ns.id, agent.agentId));
    }
    const own = await searchPrelude(db, alpha, ns.id, text);
    expect(own.lexemes).toEqual(["brien", "o", "quick", "run", "runner"]);
    expect(own.decay.vector).toEqual({ halfLifeDays: 3, floor: 0.1 });
    expect(own.policies!.vector).toMatchObject({
      read: "shared",
      write: "gated",
      maxMemories: 7,
      clearances: ["pii"],
      source: "agent",
    });
    expect((await searchPrelude(db, agents.beta!, ns.id, text)).policies!.vector).toMatchObject({
      read: "own",
      source: "namespace-default",
    });
    expect((await searchPrelude(db, h.admin, ns.id, text)).policies).toBeUndefined();
  });

  it("moves the content head on a memory write but not on a run start", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const db = h.core.memro.db;
    const before = (await searchPrelude(db, agents.alpha!, ns.id, "x")).heads;
    await startRun(h.core, agents.alpha!, { task: "look around", tokenBudget: 500 });
    expect((await searchPrelude(db, agents.alpha!, ns.id, "x")).heads).toEqual(before);
    await writeMemory(h.core, agents.alpha!, note("a new fact"));
    const after = (await searchPrelude(db, agents.alpha!, ns.id, "x")).heads;
    expect(after.content).toBeGreaterThan(before.content);
    expect(after.vecSeq).toBeGreaterThan(before.vecSeq);
  });

  it("gives defaults and no lexemes for an empty namespace and a stop-word query", async () => {
    const { ns, agents } = await tenant(h, ["alpha"]);
    const prelude = await searchPrelude(h.core.memro.db, agents.alpha!, ns.id, "the and of");
    expect(prelude.lexemes).toEqual([]);
    expect(prelude.heads.vecSeq).toBe(0);
    expect(prelude.decay).toEqual(await decaySettings(h.core.memro.db, ns.id));
    expect(prelude.policies!.knowledge.source).toBe("built-in");
  });
});
