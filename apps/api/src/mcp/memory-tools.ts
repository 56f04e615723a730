import {
  finishRun,
  finishRunInput,
  getMemory,
  proposeInput,
  proposePromotion,
  raiseCheckpoint,
  raiseCheckpointInput,
  searchInput,
  searchMemories,
  startRun,
  startRunInput,
  waitForCheckpoint,
  writeMemory,
  writeMemoryInput,
} from "@memro/core";
import { z } from "zod";
import { canReadMemories, canWriteAnything, canWriteMemories } from "./policy-gate.js";
import type { ToolDef } from "./types.js";

const runId = z.uuid().describe("The run's id, from run_start");

/** The agent surface: the same core calls and schemas as the tRPC and REST routes. */
export const memoryTools: ToolDef[] = [
  {
    name: "memory_search",
    title: "Search memory",
    description: "Hybrid search (full text + vectors) over the memories this agent may read, best first.",
    input: searchInput,
    kind: "read",
    allowed: canReadMemories,
    run: (core, actor, input) => searchMemories(core, actor, input),
  },
  {
    name: "memory_get",
    title: "Read a memory",
    description: "Read one memory by id.",
    input: z.object({ id: z.string().max(100).describe("The memory id") }),
    kind: "read",
    allowed: canReadMemories,
    run: (core, actor, input) => getMemory(core, actor, (input as { id: string }).id),
  },
  {
    name: "memory_write",
    title: "Write a memory",
    description:
      "Write a memory to a tier (vector, episodic, knowledge, skills). Policy decides: written directly, " +
      "queued for operator approval (status 'pending'), or denied.",
    input: z.object({ memory: writeMemoryInput }),
    kind: "write",
    allowed: canWriteMemories,
    run: (core, actor, input) => writeMemory(core, actor, (input as { memory: unknown }).memory),
  },
  {
    name: "promotion_propose",
    title: "Propose a promotion",
    description: "Propose raising memories this agent can see into a higher-trust tier; an operator decides.",
    input: proposeInput,
    kind: "write",
    allowed: canWriteMemories,
    run: (core, actor, input) => proposePromotion(core, actor, input),
  },
  {
    name: "run_start",
    title: "Start a run",
    description: "Open a run for a task and receive its context pack (the memories most useful for it).",
    input: startRunInput,
    kind: "write",
    allowed: canWriteAnything,
    run: (core, actor, input) => startRun(core, actor, input),
  },
  {
    name: "checkpoint_raise_and_wait",
    title: "Ask an operator and wait",
    description:
      "Hold the run at a checkpoint until an operator approves or rejects it. Returns the checkpoint and " +
      "`timedOut`; after a timeout the checkpoint stays pending and the operator can still decide it.",
    input: raiseCheckpointInput.extend({
      runId,
      timeoutMs: z
        .number()
        .int()
        .min(0)
        .max(600_000)
        .default(30_000)
        .describe("How long to wait for the decision"),
    }),
    kind: "write",
    allowed: canWriteAnything,
    run: async (core, actor, raw) => {
      const { runId: id, timeoutMs, ...rest } = raw as { runId: string; timeoutMs: number };
      const checkpoint = await raiseCheckpoint(core, actor, id, rest);
      return waitForCheckpoint(core, actor, checkpoint.id, { timeoutMs });
    },
  },
  {
    name: "run_finish",
    title: "Finish a run",
    description: "Close the run with its outcome; skills it used get a success or failure counted.",
    input: finishRunInput.extend({ runId }),
    kind: "write",
    allowed: canWriteAnything,
    run: (core, actor, raw) => {
      const { runId: id, ...rest } = raw as { runId: string };
      return finishRun(core, actor, id, rest);
    },
  },
];
