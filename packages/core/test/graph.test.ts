import { auditEvents, auditPayloads, entities, promotions, relations } from "@memro/db";
import { testDbKind } from "@memro/db/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  addObservations,
  applyGraphProposal,
  createEntities,
  createRelations,
  deleteEntities,
  deleteObservations,
  deleteRelations,
  type GraphWriteResult,
  getEntity,
  invalidateRelation,
  listEntities,
  matchEntities,
  mcpAddObservations,
  mcpCreateEntities,
  mcpCreateRelations,
  mcpDeleteEntities,
  mcpDeleteObservations,
  mcpDeleteRelations,
  mcpOpenNodes,
  mcpReadGraph,
  mcpSearchNodes,
  openNodes,
  readGraph,
  searchNodes,
  setPolicy,
  traverse,
  updateEntity,
  verifyChain,
  writeMemory,
} from "../src/index.js";
import { type Harness, operator, setupCore, tenant } from "./helpers.js";

type Agent = Extract<Actor, { type: "agent" }>;

/** Narrows a write result to its applied branch, failing the test otherwise. */
function applied<R extends object>(result: GraphWriteResult<R>): R {
  if (result.status !== "applied") throw new Error(`expected applied, got ${result.status}`);
  return result;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`graph tier on ${testDbKind()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupCore();
  });
  afterAll(async () => h?.dispose());

  const events = (ns: string) =>
    h.core.memro.db
      .select({ event: auditEvents, payload: auditPayloads.payload })
      .from(auditEvents)
      .leftJoin(auditPayloads, eq(auditPayloads.eventId, auditEvents.id))
      .where(eq(auditEvents.namespaceId, ns))
      .orderBy(asc(auditEvents.seq));

  /** A chain A -knows-> B -knows-> C -works_at-> D written by `agent`. */
  async function chain(agent: Agent) {
    const made = applied(
      await createEntities(h.core, agent, {
        entities: ["A", "B", "C", "D"].map((name) => ({ name: `Node${name}`, type: "person" })),
      }),
    );
    const rels = applied(
      await createRelations(h.core, agent, {
        relations: [
          { from: "NodeA", to: "NodeB", type: "knows" },
          { from: "nodeb", to: "NODEC", type: "knows" },
          { from: "NodeC", to: "NodeD", type: "works_at" },
        ],
      }),
    );
    const id = Object.fromEntries(made.entities.map((e) => [e.entity.name.slice(4), e.entity.id]));
    return { id, rels: rels.relations.map((r) => r.relation) };
  }

  const names = (nodes: { name: string }[]) => nodes.map((n) => n.name).sort();

  it("creates entities, reuses an existing visible one by case-insensitive name, and merges its observations", async () => {
    const { agents } = await tenant(h);
    const alpha = agents.alpha!;
    const first = applied(
      await createEntities(h.core, alpha, {
        entities: [
          { name: "Alice", type: "person", aliases: ["Ally"], observations: ["likes tea"] },
          { name: "ALICE", type: "person", observations: ["speaks French"] },
          { name: "Acme", type: "company" },
        ],
      }),
    );
    expect(first.entities.map((e) => e.created)).toEqual([true, false, true]);
    expect(first.entities[1]!.entity.id).toBe(first.entities[0]!.entity.id);
    const again = applied(
      await createEntities(h.core, alpha, {
        entities: [{ name: "alice", type: "human", observations: ["likes tea", "runs"] }],
      }),
    );
    expect(again.entities[0]!.created).toBe(false);
    expect(again.entities[0]!.entity.id).toBe(first.entities[0]!.entity.id);
    expect(again.entities[0]!.entity.type).toBe("person");
    expect(again.entities[0]!.entity.observations).toEqual(["likes tea", "speaks French", "runs"]);
    const page = await listEntities(h.core, alpha, {});
    expect(page.items.map((e) => e.name)).toEqual(["Acme", "Alice"]);
  });

  it("does not reuse another agent's private entity; creates its own instead", async () => {
    const { agents } = await tenant(h);
    const mine = applied(
      await createEntities(h.core, agents.alpha!, {
        entities: [{ name: "Secret", type: "project", visibility: "private" }],
      }),
    );
    const theirs = applied(
      await createEntities(h.core, agents.beta!, { entities: [{ name: "secret", type: "project" }] }),
    );
    expect(theirs.entities[0]!.created).toBe(true);
    expect(theirs.entities[0]!.entity.id).not.toBe(mine.entities[0]!.entity.id);
  });

  it("creates relations by name or id, reuses an identical open edge, and checks evidence", async () => {
    const { agents } = await tenant(h);
    const alpha = agents.alpha!;
    const made = applied(
      await createEntities(h.core, alpha, {
        entities: [
          { name: "Bob", type: "person" },
          { name: "Globex", type: "company" },
        ],
      }),
    );
    const [bob, globex] = made.entities.map((e) => e.entity);
    const memory = await writeMemory(h.core, alpha, {
      tier: "vector",
      content: "Bob joined Globex in 2021 as an engineer",
    });
    if (memory.status !== "created") throw new Error("memory not created");
    const first = applied(
      await createRelations(h.core, alpha, {
        relations: [{ from: "bob", to: globex!.id, type: "works_at", evidenceMemoryId: memory.memory.id }],
      }),
    );
    expect(first.relations[0]).toMatchObject({
      created: true,
      relation: {
        fromId: bob!.id,
        toId: globex!.id,
        fromName: "Bob",
        toName: "Globex",
        evidenceMemoryId: memory.memory.id,
      },
    });
    const dup = applied(
      await createRelations(h.core, alpha, { relations: [{ from: "Bob", to: "Globex", type: "works_at" }] }),
    );
    expect(dup.relations[0]!.created).toBe(false);
    expect(dup.relations[0]!.relation.id).toBe(first.relations[0]!.relation.id);
    await expect(
      createRelations(h.core, alpha, { relations: [{ from: "Bob", to: "Nobody", type: "knows" }] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      createRelations(h.core, alpha, {
        relations: [{ from: "Bob", to: "Globex", type: "knows", evidenceMemoryId: crypto.randomUUID() }],
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("traverses a chain A-B-C-D to depth 1, 2 and 3 in both directions", async () => {
    const { agents } = await tenant(h);
    const { id } = await chain(agents.alpha!);
    const d1 = await traverse(h.core, agents.alpha!, { start: ["NodeA"], depth: 1 });
    expect(names(d1.nodes)).toEqual(["NodeA", "NodeB"]);
    expect(d1.edges).toHaveLength(1);
    const d2 = await traverse(h.core, agents.alpha!, { start: ["NodeA"], depth: 2 });
    expect(names(d2.nodes)).toEqual(["NodeA", "NodeB", "NodeC"]);
    expect(d2.edges.map((e) => `${e.fromName}>${e.toName}`).sort()).toEqual(["NodeA>NodeB", "NodeB>NodeC"]);
    const d3 = await traverse(h.core, agents.alpha!, { start: [id.A!], depth: 3 });
    expect(d3.nodes.map((n) => [n.name, n.hops])).toEqual([
      ["NodeA", 0],
      ["NodeB", 1],
      ["NodeC", 2],
      ["NodeD", 3],
    ]);
    expect(d3.edges).toHaveLength(3);
    // Against the direction of the edges, from the far end.
    const back = await traverse(h.core, agents.alpha!, { start: ["NodeD"], depth: 2 });
    expect(back.nodes.map((n) => [n.name, n.hops])).toEqual([
      ["NodeD", 0],
      ["NodeC", 1],
      ["NodeB", 2],
    ]);
    const unknown = await traverse(h.core, agents.alpha!, { start: ["NodeA", "Nobody"], depth: 1 });
    expect(unknown.unresolved).toEqual(["Nobody"]);
    await expect(traverse(h.core, agents.alpha!, { start: ["NodeA"], depth: 6 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("terminates on cycles and reports each node once at its nearest hop", async () => {
    const { agents } = await tenant(h);
    await chain(agents.alpha!);
    applied(
      await createRelations(h.core, agents.alpha!, {
        relations: [{ from: "NodeD", to: "NodeA", type: "knows" }],
      }),
    );
    const t = await traverse(h.core, agents.alpha!, { start: ["NodeA"], depth: 5 });
    expect(t.nodes.map((n) => [n.name, n.hops])).toEqual([
      ["NodeA", 0],
      ["NodeB", 1],
      ["NodeD", 1],
      ["NodeC", 2],
    ]);
    expect(t.edges).toHaveLength(4);
  });

  it("does not traverse an invalidated edge now, but does at an instant before the invalidation", async () => {
    const { agents } = await tenant(h);
    const { rels } = await chain(agents.alpha!);
    await sleep(20);
    const before = new Date();
    await sleep(20);
    const bc = rels.find((r) => r.fromName === "NodeB")!;
    const inv = applied(
      await invalidateRelation(h.core, agents.alpha!, { id: bc.id, reason: "B and C fell out" }),
    );
    expect(inv.relation.validTo).toBeInstanceOf(Date);
    const now = await traverse(h.core, agents.alpha!, { start: ["NodeA"], depth: 3 });
    expect(names(now.nodes)).toEqual(["NodeA", "NodeB"]);
    const then = await traverse(h.core, agents.alpha!, { start: ["NodeA"], depth: 3, validAt: before });
    expect(names(then.nodes)).toEqual(["NodeA", "NodeB", "NodeC", "NodeD"]);
    await expect(invalidateRelation(h.core, agents.alpha!, { id: bc.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // An edge that only becomes true in the future is not walked now.
    applied(
      await createRelations(h.core, agents.alpha!, {
        relations: [
          { from: "NodeA", to: "NodeD", type: "knows", validFrom: new Date(Date.now() + 86_400_000) },
        ],
      }),
    );
    expect(names((await traverse(h.core, agents.alpha!, { start: ["NodeA"], depth: 1 })).nodes)).toEqual([
      "NodeA",
      "NodeB",
    ]);
    // read_graph follows the same validity.
    expect((await readGraph(h.core, agents.alpha!, {})).relations).toHaveLength(2);
    expect((await readGraph(h.core, agents.alpha!, { validAt: before })).relations).toHaveLength(3);
  });

  it("filters traversal by relation type", async () => {
    const { agents } = await tenant(h);
    await chain(agents.alpha!);
    const knows = await traverse(h.core, agents.alpha!, {
      start: ["NodeA"],
      depth: 5,
      relationTypes: ["knows"],
    });
    expect(names(knows.nodes)).toEqual(["NodeA", "NodeB", "NodeC"]);
    const works = await traverse(h.core, agents.alpha!, {
      start: ["NodeD"],
      depth: 5,
      relationTypes: ["works_at"],
    });
    expect(names(works.nodes)).toEqual(["NodeC", "NodeD"]);
    expect(works.edges.map((e) => e.type)).toEqual(["works_at"]);
  });

  it("hides another agent's private entity from every read and from traversal through it", async () => {
    const { ns, agents } = await tenant(h);
    const alpha = agents.alpha!;
    const beta = agents.beta!;
    const made = applied(
      await createEntities(h.core, alpha, {
        entities: [
          { name: "Start", type: "x" },
          { name: "Hidden", type: "x", visibility: "private", observations: ["classified"] },
          { name: "Beyond", type: "x" },
        ],
      }),
    );
    const hidden = made.entities[1]!.entity;
    applied(
      await createRelations(h.core, alpha, {
        relations: [
          { from: "Start", to: "Hidden", type: "links" },
          { from: "Hidden", to: "Beyond", type: "links" },
        ],
      }),
    );
    expect(names((await traverse(h.core, alpha, { start: ["Start"], depth: 2 })).nodes)).toEqual([
      "Beyond",
      "Hidden",
      "Start",
    ]);
    const seen = await traverse(h.core, beta, { start: ["Start"], depth: 3 });
    expect(names(seen.nodes)).toEqual(["Start"]);
    expect(seen.edges).toEqual([]);
    expect((await traverse(h.core, beta, { start: [hidden.id], depth: 1 })).unresolved).toEqual([hidden.id]);
    await expect(getEntity(h.core, beta, hidden.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getEntity(h.core, beta, "Hidden")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const graph = await readGraph(h.core, beta, {});
    expect(names(graph.entities)).toEqual(["Beyond", "Start"]);
    expect(graph.relations).toEqual([]);
    expect((await searchNodes(h.core, beta, "classified")).entities).toEqual([]);
    expect((await openNodes(h.core, beta, ["Hidden"])).entities).toEqual([]);
    expect(await matchEntities(h.core, beta, "what is Hidden doing?")).toEqual([]);
    // Nor can beta write against it.
    await expect(
      createRelations(h.core, beta, { relations: [{ from: "Beyond", to: hidden.id, type: "links" }] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Operators see the whole namespace.
    const admin = await operator(h, "viewer");
    expect((await readGraph(h.core, admin, {}, ns.id)).entities).toHaveLength(3);
    expect((await getEntity(h.core, admin, hidden.id, ns.id)).name).toBe("Hidden");

    // Another namespace sees nothing, even by id.
    const other = await tenant(h, ["gamma"]);
    const gamma = other.agents.gamma!;
    await expect(getEntity(h.core, gamma, hidden.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await readGraph(h.core, gamma, {})).entities).toEqual([]);
    expect((await traverse(h.core, gamma, { start: [made.entities[0]!.entity.id], depth: 2 })).nodes).toEqual(
      [],
    );
    expect((await searchNodes(h.core, gamma, "Start")).entities).toEqual([]);
    await expect(getEntity(h.core, gamma, hidden.id, ns.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("honours the graph read mode: own sees only its rows, none sees nothing", async () => {
    const { ns, agents } = await tenant(h);
    applied(await createEntities(h.core, agents.alpha!, { entities: [{ name: "Shared", type: "x" }] }));
    applied(await createEntities(h.core, agents.beta!, { entities: [{ name: "Mine", type: "x" }] }));
    expect(names((await readGraph(h.core, agents.beta!, {})).entities)).toEqual(["Mine", "Shared"]);
    const policy = { namespaceId: ns.id, agentId: agents.beta!.agentId, tier: "graph", write: "direct" };
    await setPolicy(h.core, h.admin, { ...policy, read: "own" });
    expect(names((await readGraph(h.core, agents.beta!, {})).entities)).toEqual(["Mine"]);
    await setPolicy(h.core, h.admin, { ...policy, read: "none" });
    expect((await readGraph(h.core, agents.beta!, {})).entities).toEqual([]);
    expect((await listEntities(h.core, agents.beta!, {})).items).toEqual([]);
  });

  it("a denied graph write records write_denied and writes nothing", async () => {
    const { ns, agents } = await tenant(h);
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: agents.alpha!.agentId,
      tier: "graph",
      read: "shared",
      write: "deny",
    });
    await expect(
      createEntities(h.core, agents.alpha!, { entities: [{ name: "Nope", type: "x" }] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const rows = await h.core.memro.db.select().from(entities).where(eq(entities.namespaceId, ns.id));
    expect(rows).toEqual([]);
    const log = await events(ns.id);
    const denied = log.filter((e) => e.event.action === "write_denied");
    expect(denied).toHaveLength(1);
    expect(denied[0]!.event).toMatchObject({ actorId: agents.alpha!.agentId, targetType: "graph" });
    expect(log.some((e) => e.event.action.startsWith("entity."))).toBe(false);
    // beta is unaffected.
    expect(
      (await createEntities(h.core, agents.beta!, { entities: [{ name: "Yes", type: "x" }] })).status,
    ).toBe("applied");
  });

  it("a gated graph write becomes a pending promotion, applied for the proposer on approval", async () => {
    const { ns, agents } = await tenant(h);
    const alpha = agents.alpha!;
    applied(await createEntities(h.core, alpha, { entities: [{ name: "Base", type: "x" }] }));
    await setPolicy(h.core, h.admin, {
      namespaceId: ns.id,
      agentId: alpha.agentId,
      tier: "graph",
      read: "shared",
      write: "gated",
    });
    const pending = await createRelations(h.core, alpha, {
      relations: [{ from: "Base", to: "Base", type: "self", validFrom: new Date("2024-01-01T00:00:00Z") }],
    });
    expect(pending.status).toBe("pending");
    expect(await h.core.memro.db.select().from(relations).where(eq(relations.namespaceId, ns.id))).toEqual(
      [],
    );
    // A proposal that could never apply is refused at once.
    await expect(
      createRelations(h.core, alpha, { relations: [{ from: "Base", to: "Ghost", type: "x" }] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The validation run before proposing left no trace: only the proposal is audited.
    const sofar = (await events(ns.id)).map((e) => e.event.action);
    expect(sofar.filter((a) => a.startsWith("relation."))).toEqual([]);
    expect(sofar.filter((a) => a === "promotion.propose")).toHaveLength(1);
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
    if (pending.status !== "pending") return;
    const [promotion] = await h.core.memro.db
      .select()
      .from(promotions)
      .where(eq(promotions.id, pending.promotionId));
    expect(promotion).toMatchObject({ status: "pending", targetTier: "graph", kind: "gated_write" });
    expect(promotion!.proposed).toMatchObject({
      op: "graph",
      graphOp: "createRelations",
      action: "relation.create",
    });
    const approver = await operator(h, "approver");
    await expect(applyGraphProposal(h.core, alpha, promotion!)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const result = await applyGraphProposal(h.core, approver, promotion!);
    expect(result.graphOp).toBe("createRelations");
    const [edge] = await h.core.memro.db.select().from(relations).where(eq(relations.namespaceId, ns.id));
    expect(edge).toMatchObject({ authorAgentId: alpha.agentId, type: "self" });
    expect(edge!.validFrom.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    const create = (await events(ns.id)).find((e) => e.event.action === "relation.create");
    expect(create?.event.actorType).toBe("operator");
  });

  it("writes one audit event with before/after snapshots for each mutation, and the chain verifies", async () => {
    const { ns, agents } = await tenant(h);
    const alpha = agents.alpha!;
    const made = applied(
      await createEntities(h.core, alpha, {
        entities: [
          { name: "Ann", type: "person" },
          { name: "Ben", type: "person" },
        ],
      }),
    );
    const [ann, ben] = made.entities.map((e) => e.entity);
    applied(await updateEntity(h.core, alpha, { entity: "Ann", summary: "An engineer", aliases: ["Annie"] }));
    // An update that changes nothing is not audited.
    applied(await updateEntity(h.core, alpha, { entity: "Ann", summary: "An engineer" }));
    applied(
      await addObservations(h.core, alpha, {
        observations: [{ entity: "Ann", contents: ["likes chess", "owns a cat"] }],
      }),
    );
    const removed = applied(
      await deleteObservations(h.core, alpha, {
        deletions: [
          { entity: "Ann", observations: ["owns a cat"] },
          { entity: "Nobody", observations: ["x"] },
        ],
      }),
    );
    expect(removed.missingEntities).toEqual(["Nobody"]);
    const rels = applied(
      await createRelations(h.core, alpha, {
        relations: [
          { from: "Ann", to: "Ben", type: "knows" },
          { from: "Ben", to: "Ann", type: "mentors" },
          { from: "Ann", to: "Ben", type: "met" },
        ],
      }),
    );
    const [knows, mentors] = rels.relations.map((r) => r.relation);
    applied(await invalidateRelation(h.core, alpha, { id: knows!.id }));
    const delRel = applied(
      await deleteRelations(h.core, alpha, { relations: [{ id: mentors!.id }, { id: crypto.randomUUID() }] }),
    );
    expect(delRel).toMatchObject({ notFound: 1 });
    const delEnt = applied(await deleteEntities(h.core, alpha, { entities: ["Ben", "Ghost"] }));
    expect(delEnt.notFound).toEqual(["Ghost"]);
    expect(delEnt.deleted.map((e) => e.status)).toEqual(["deleted"]);
    // knows (invalidated but still active) and met go with Ben; mentors was already deleted.
    expect(delEnt.deletedRelations).toHaveLength(2);

    const log = (await events(ns.id)).filter(
      (e) => e.event.targetType === "entity" || e.event.targetType === "relation",
    );
    expect(
      log.map(
        (e) =>
          `${e.event.action}:${e.event.targetId === ann!.id ? "ann" : e.event.targetId === ben!.id ? "ben" : "rel"}`,
      ),
    ).toEqual([
      "entity.create:ann",
      "entity.create:ben",
      "entity.update:ann",
      "entity.observe:ann",
      "entity.update:ann",
      "relation.create:rel",
      "relation.create:rel",
      "relation.create:rel",
      "relation.invalidate:rel",
      "relation.delete:rel",
      "entity.delete:ben",
      "relation.delete:rel",
      "relation.delete:rel",
    ]);
    for (const e of log) {
      expect(e.event.actorId).toBe(alpha.agentId);
      expect(e.payload).toHaveProperty("after");
      if (e.event.action !== "entity.create" && e.event.action !== "relation.create") {
        expect((e.payload as { before: { id: string } }).before.id).toBe(e.event.targetId);
      }
    }
    const update = log[2]!.payload as {
      before: { summary: string };
      after: { summary: string; aliases: string[] };
    };
    expect(update.before.summary).toBe("");
    expect(update.after).toMatchObject({ summary: "An engineer", aliases: ["Annie"] });
    const invalidate = log[8]!.payload as { before: { validTo: unknown }; after: { validTo: unknown } };
    expect(invalidate.before.validTo).toBeNull();
    expect(invalidate.after.validTo).not.toBeNull();
    expect((await getEntity(h.core, alpha, ann!.id)).observations).toEqual(["likes chess"]);
    expect((await getEntity(h.core, alpha, ben!.id)).status).toBe("deleted");
    expect((await verifyChain(h.core.memro.db, ns.id)).ok).toBe(true);
  });

  it("lets other agents add observations to a shared entity but not edit or delete it", async () => {
    const { agents } = await tenant(h);
    applied(await createEntities(h.core, agents.alpha!, { entities: [{ name: "Wiki", type: "doc" }] }));
    const added = applied(
      await addObservations(h.core, agents.beta!, {
        observations: [{ entity: "wiki", contents: ["moved to v2"] }],
      }),
    );
    expect(added.results[0]!.added).toEqual(["moved to v2"]);
    await expect(updateEntity(h.core, agents.beta!, { entity: "Wiki", summary: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(deleteEntities(h.core, agents.beta!, { entities: ["Wiki"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      deleteObservations(h.core, agents.beta!, {
        deletions: [{ entity: "Wiki", observations: ["moved to v2"] }],
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      addObservations(h.core, agents.beta!, { observations: [{ entity: "Nothing", contents: ["x"] }] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("searches, opens, lists and matches entities", async () => {
    const { agents } = await tenant(h);
    const alpha = agents.alpha!;
    applied(
      await createEntities(h.core, alpha, {
        entities: [
          {
            name: "Marie Curie",
            type: "scientist",
            aliases: ["Madame Curie"],
            observations: ["won two Nobel prizes"],
          },
          { name: "Paris", type: "city", summary: "Capital of France" },
          { name: "Ann", type: "person" },
          { name: "C++", type: "language" },
        ],
      }),
    );
    applied(
      await createRelations(h.core, alpha, {
        relations: [{ from: "Marie Curie", to: "Paris", type: "lived_in" }],
      }),
    );
    const byObservation = await searchNodes(h.core, alpha, { query: "NOBEL" });
    expect(names(byObservation.entities)).toEqual(["Marie Curie"]);
    expect(byObservation.relations.map((r) => `${r.fromName} ${r.type} ${r.toName}`)).toEqual([
      "Marie Curie lived_in Paris",
    ]);
    expect(names((await searchNodes(h.core, alpha, "madame")).entities)).toEqual(["Marie Curie"]);
    expect(names((await searchNodes(h.core, alpha, "capital")).entities)).toEqual(["Paris"]);
    expect(names((await searchNodes(h.core, alpha, "CITY")).entities)).toEqual(["Paris"]);
    // Full text: words in different fields, stemmed.
    expect(names((await searchNodes(h.core, alpha, "scientist prize")).entities)).toEqual(["Marie Curie"]);
    const opened = await openNodes(h.core, alpha, { names: ["paris", "Nowhere"] });
    expect(names(opened.entities)).toEqual(["Paris"]);
    expect(opened.relations).toHaveLength(1);

    const people = await listEntities(h.core, alpha, { type: "PERSON" });
    expect(names(people.items)).toEqual(["Ann"]);
    const p1 = await listEntities(h.core, alpha, { limit: 2 });
    const p2 = await listEntities(h.core, alpha, { limit: 2, cursor: p1.nextCursor! });
    expect([...p1.items, ...p2.items].map((e) => e.name)).toEqual(["Ann", "C++", "Marie Curie", "Paris"]);
    expect(p2.nextCursor).toBeNull();
    expect((await listEntities(h.core, alpha, { query: "curie" })).items.map((e) => e.name)).toEqual([
      "Marie Curie",
    ]);

    const matches = await matchEntities(
      h.core,
      alpha,
      "Did madame curie visit PARIS? Annual C++ report for Ann.",
    );
    expect(matches.map((m) => [m.entity.name, m.matched]).sort()).toEqual([
      ["Ann", "Ann"],
      ["C++", "C++"],
      ["Marie Curie", "Madame Curie"],
      ["Paris", "Paris"],
    ]);
    expect(
      (await matchEntities(h.core, alpha, "Annual planning in Parisian cafes")).map((m) => m.entity.name),
    ).toEqual([]);
    const ctx = await traverse(h.core, alpha, { start: matches.map((m) => m.entity.id), depth: 1 });
    expect(ctx.edges).toHaveLength(1);
  });

  it("the nine MCP memory tools round-trip with the reference server's shapes", async () => {
    const { ns, agents } = await tenant(h);
    const alpha = agents.alpha!;
    const created = await mcpCreateEntities(h.core, alpha, {
      entities: [
        { name: "John_Smith", entityType: "person", observations: ["Speaks fluent Spanish"] },
        { name: "Anthropic", entityType: "organization", observations: ["AI safety company"] },
      ],
    });
    expect(created).toEqual({
      entities: [
        { name: "John_Smith", entityType: "person", observations: ["Speaks fluent Spanish"] },
        { name: "Anthropic", entityType: "organization", observations: ["AI safety company"] },
      ],
    });
    // Existing names are skipped, as in the reference.
    expect(
      await mcpCreateEntities(h.core, alpha, {
        entities: [{ name: "Anthropic", entityType: "org", observations: [] }],
      }),
    ).toEqual({
      entities: [],
    });
    expect(
      await mcpCreateRelations(h.core, alpha, {
        relations: [{ from: "John_Smith", to: "Anthropic", relationType: "works_at" }],
      }),
    ).toEqual({ relations: [{ from: "John_Smith", to: "Anthropic", relationType: "works_at" }] });
    expect(
      await mcpAddObservations(h.core, alpha, {
        observations: [
          { entityName: "John_Smith", contents: ["Speaks fluent Spanish", "Graduated in 2019"] },
        ],
      }),
    ).toEqual({ results: [{ entityName: "John_Smith", addedObservations: ["Graduated in 2019"] }] });
    expect(await mcpReadGraph(h.core, alpha, {})).toEqual({
      entities: [
        { name: "Anthropic", entityType: "organization", observations: ["AI safety company"] },
        {
          name: "John_Smith",
          entityType: "person",
          observations: ["Speaks fluent Spanish", "Graduated in 2019"],
        },
      ],
      relations: [{ from: "John_Smith", to: "Anthropic", relationType: "works_at" }],
    });
    const found = await mcpSearchNodes(h.core, alpha, { query: "spanish" });
    expect(found.entities.map((e) => e.name)).toEqual(["John_Smith"]);
    expect(found.relations).toEqual([{ from: "John_Smith", to: "Anthropic", relationType: "works_at" }]);
    const opened = await mcpOpenNodes(h.core, alpha, { names: ["Anthropic"] });
    expect(opened.entities.map((e) => e.name)).toEqual(["Anthropic"]);
    expect(opened.relations).toHaveLength(1);

    expect(
      await mcpDeleteObservations(h.core, alpha, {
        deletions: [{ entityName: "John_Smith", observations: ["Graduated in 2019"] }],
      }),
    ).toEqual({ success: true, message: "Observations deleted successfully" });
    expect(
      await mcpDeleteRelations(h.core, alpha, {
        relations: [{ from: "John_Smith", to: "Anthropic", relationType: "works_at" }],
      }),
    ).toEqual({ success: true, message: "Relations deleted successfully" });
    expect((await mcpReadGraph(h.core, alpha, {})).relations).toEqual([]);
    expect(await mcpDeleteEntities(h.core, alpha, { entityNames: ["John_Smith", "Nobody"] })).toEqual({
      success: true,
      message: "Deleted 1 of 2 entities. Not found: Nobody",
    });
    expect(await mcpReadGraph(h.core, alpha, {})).toEqual({
      entities: [{ name: "Anthropic", entityType: "organization", observations: ["AI safety company"] }],
      relations: [],
    });
    // Policy and audit apply underneath.
    const log = await events(ns.id);
    expect(
      log.filter((e) => e.event.action.startsWith("entity.") || e.event.action.startsWith("relation."))
        .length,
    ).toBe(7);
    expect((await mcpReadGraph(h.core, agents.beta!, {})).entities.map((e) => e.name)).toEqual(["Anthropic"]);
    await expect(
      mcpDeleteEntities(h.core, agents.beta!, { entityNames: ["Anthropic"] }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("concurrent creators of one name end with a single entity", async () => {
    const { ns, agents } = await tenant(h);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createEntities(h.core, agents.alpha!, { entities: [{ name: i % 2 ? "Race" : "RACE", type: "x" }] }),
      ),
    );
    const ids = new Set(results.map((r) => applied(r).entities[0]!.entity.id));
    expect(ids.size).toBe(1);
    expect(await h.core.memro.db.select().from(entities).where(eq(entities.namespaceId, ns.id))).toHaveLength(
      1,
    );
  });

  it("walks a densely connected graph to depth 5 without enumerating paths", async () => {
    const { agents } = await tenant(h);
    const n = 16;
    const nodeNames = Array.from({ length: n }, (_, i) => `K${i}`);
    applied(
      await createEntities(h.core, agents.alpha!, {
        entities: nodeNames.map((name) => ({ name, type: "k" })),
      }),
    );
    const pairs = nodeNames.flatMap((a, i) =>
      nodeNames.slice(i + 1).map((b) => ({ from: a, to: b, type: "linked" })),
    );
    for (let i = 0; i < pairs.length; i += 100) {
      applied(await createRelations(h.core, agents.alpha!, { relations: pairs.slice(i, i + 100) }));
    }
    const started = Date.now();
    const t = await traverse(h.core, agents.alpha!, { start: ["K0"], depth: 5 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(t.nodes).toHaveLength(n);
    expect(t.nodes.filter((x) => x.hops === 1)).toHaveLength(n - 1);
    expect(t.edges).toHaveLength(pairs.length);
  });

  it("rejects bad input and unknown runs", async () => {
    const { agents } = await tenant(h);
    await expect(createEntities(h.core, agents.alpha!, { entities: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      createEntities(h.core, agents.alpha!, {
        entities: [{ name: "X", type: "x" }],
        runId: crypto.randomUUID(),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateEntity(h.core, agents.alpha!, { entity: "X" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      createRelations(h.core, agents.alpha!, {
        relations: [{ from: "a", to: "b", type: "t", validFrom: "2024-02-01", validTo: "2024-01-01" }],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
