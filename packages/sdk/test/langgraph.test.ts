import { Annotation, END, type LangGraphRunnableConfig, START, StateGraph } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemroStore } from "../src/langgraph-store.js";
import { type AgentClient, agentClient, type Harness, startHarness } from "./harness.js";

describe("MemroStore (LangGraph.js BaseStore over governed memory)", () => {
  let h: Harness;
  let a: AgentClient;
  let store: MemroStore;

  beforeAll(async () => {
    h = await startHarness();
    a = await agentClient(h, "langgraph-bot");
    store = new MemroStore({ client: a.client });
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it("a StateGraph node writes to the store and reads it back; the writes are audited under the agent", async () => {
    const State = Annotation.Root({
      userId: Annotation<string>,
      fact: Annotation<string>,
      recalled: Annotation<string[]>,
    });
    const graph = new StateGraph(State)
      .addNode("remember", async (state, config: LangGraphRunnableConfig) => {
        await config.store!.put(["users", state.userId, "facts"], "favourite-food", { text: state.fact });
        return {};
      })
      .addNode("recall", async (state, config: LangGraphRunnableConfig) => {
        const item = await config.store!.get(["users", state.userId, "facts"], "favourite-food");
        const found = await config.store!.search(["users", state.userId], {
          query: "what food do they like",
        });
        return { recalled: [String(item?.value.text), ...found.map((f) => f.key)] };
      })
      .addEdge(START, "remember")
      .addEdge("remember", "recall")
      .addEdge("recall", END)
      .compile({ store });

    const out = await graph.invoke({ userId: "u1", fact: "Loves ramen with extra chili" });
    expect(out.recalled[0]).toBe("Loves ramen with extra chili");
    expect(out.recalled).toContain("favourite-food");

    const audit = (await h.admin.trpc.audit.list.query({
      namespaceId: a.namespaceId,
      action: "memory.create",
    })) as {
      items: { actorType: string; actorId: string }[];
    };
    expect(audit.items.length).toBeGreaterThan(0);
    expect(audit.items.every((e) => e.actorType === "agent" && e.actorId === a.agentId)).toBe(true);
  });

  it("get, put (update), search with filter, listNamespaces, delete", async () => {
    await store.put(["docs", "eng"], "a", { text: "release checklist", team: "eng" });
    await store.put(["docs", "ops"], "b", { text: "on-call rota", team: "ops" });
    await store.put(["docs", "eng"], "a", { text: "release checklist v2", team: "eng" });
    expect((await store.get(["docs", "eng"], "a"))?.value.text).toBe("release checklist v2");
    expect(await store.get(["docs", "eng"], "missing")).toBeNull();

    const eng = await store.search(["docs"], { filter: { team: "eng" } });
    expect(eng.map((i) => i.key)).toEqual(["a"]);
    const all = await store.search(["docs"]);
    expect(all.map((i) => i.key).sort()).toEqual(["a", "b"]);

    const spaces = await store.listNamespaces({ prefix: ["docs"] });
    expect(spaces.sort()).toEqual([
      ["docs", "eng"],
      ["docs", "ops"],
    ]);
    expect(await store.listNamespaces({ prefix: ["docs"], maxDepth: 1 })).toEqual([["docs"]]);

    await store.delete(["docs", "ops"], "b");
    expect(await store.get(["docs", "ops"], "b")).toBeNull();
    const audit = (await h.admin.trpc.audit.list.query({
      namespaceId: a.namespaceId,
      actorId: a.agentId,
    })) as { items: { action: string }[] };
    const actions = new Set(audit.items.map((e) => e.action));
    expect(actions).toEqual(new Set(["memory.create", "memory.update", "memory.delete"]));
  });
});
