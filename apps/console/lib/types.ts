/**
 * Shapes of what the API returns. Its procedures declare `unknown` outputs (they are
 * also REST routes), so the console names the fields it reads here.
 */
export const ROW_TIERS = ["vector", "episodic", "knowledge", "skills"] as const;
export type RowTier = (typeof ROW_TIERS)[number];
export const TIERS = ["vector", "graph", "episodic", "knowledge", "skills"] as const;
export type Tier = (typeof TIERS)[number];
export const MEMORY_STATUSES = [
  "active",
  "pending",
  "superseded",
  "archived",
  "rolled_back",
  "deleted",
] as const;
export type MemoryStatus = (typeof MEMORY_STATUSES)[number];
export type Role = "viewer" | "approver" | "admin";

export interface Me {
  type: "operator" | "agent" | "system";
  operatorId?: string;
  role?: Role;
  /** Operators only (auth.me looks them up). */
  email?: string;
  name?: string;
}

export interface Namespace {
  id: string;
  slug: string;
  name: string;
}

export interface Memory {
  id: string;
  namespaceId: string;
  tier: Tier;
  content: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  tags: string[];
  labels: string[];
  subject: string | null;
  authorAgentId: string | null;
  runId: string | null;
  visibility: "private" | "shared";
  status: MemoryStatus;
  importance: number;
  version: number;
  supersedes: string | null;
  derivedFrom: string[];
  validFrom: Date;
  validTo: Date | null;
  recordedAt: Date;
  retiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  accessCount: number;
}

export interface MemoryPage {
  items: Memory[];
  nextCursor: string | null;
}

export interface AuditEvent {
  id: number;
  namespaceId: string;
  seq: number;
  at: Date;
  actorType: "agent" | "operator" | "system";
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  runId: string | null;
  reason: string | null;
  payloadDigest: string;
  prevHash: string;
  hash: string;
  payload?: Record<string, unknown> | null;
  payloadErased?: boolean;
}

export interface AuditPage {
  items: AuditEvent[];
  nextBeforeSeq: number | null;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  firstBadSeq?: number;
  problem?: string;
}

export interface Promotion {
  id: string;
  namespaceId: string;
  kind: "gated_write" | "proposal";
  targetTier: Tier;
  proposed: Record<string, unknown>;
  sourceMemoryIds: string[];
  proposerAgentId: string | null;
  runId: string | null;
  status: "pending" | "approved" | "rejected" | "withdrawn";
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  resultMemoryId: string | null;
  createdAt: Date;
}

export interface Run {
  id: string;
  namespaceId: string;
  agentId: string;
  task: string;
  subject: string | null;
  tags: string[];
  tokenBudget: number;
  status: "running" | "waiting" | "finished" | "failed" | "rolled_back";
  outcome: string | null;
  startSeq: number;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface Checkpoint {
  id: string;
  namespaceId: string;
  runId: string;
  label: string;
  payload: Record<string, unknown>;
  raisedBy: "agent" | "policy";
  status: "pending" | "approved" | "rejected";
  raisedSeq: number;
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
  createdAt?: Date;
}

export interface RunStep {
  id: number;
  runId: string;
  kind: string;
  message: string;
  data: Record<string, unknown>;
  createdAt?: Date;
  at?: Date;
}

export interface RunDetail {
  run: Run;
  steps: RunStep[];
  checkpoints: Checkpoint[];
}

export interface ContextPack {
  id: string;
  runId: string;
  task: string;
  tokenBudget: number;
  tokens: number;
  items: { memoryId: string; tier: string; score: number; tokens: number; why: string; content: string }[];
  markdown: string;
}

export interface RollbackPreview {
  runId: string;
  status: Run["status"];
  afterCheckpointId: string | null;
  afterSeq: number;
  effects: {
    seq: number;
    action: string;
    targetType: string;
    targetId: string;
    revertTo: Record<string, unknown>;
  }[];
  conflicts: {
    seq: number;
    action: string;
    targetId: string;
    laterSeq: number;
    laterAction: string;
    laterActorType: string;
    laterActorId: string;
  }[];
  skipped: { seq: number; action: string; targetId: string; why: string }[];
  alreadyReverted: number;
  alreadyRolledBack: boolean;
  events?: number;
}

export interface Lineage {
  memory: Memory;
  versions: Memory[];
  sources: Memory[];
  promotions: Promotion[];
  runs: Run[];
  events: AuditEvent[];
}

export interface ApiKey {
  id: string;
  agentId: string;
  label: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface Agent {
  id: string;
  namespaceId: string;
  name: string;
  description: string;
  disabledAt: Date | null;
  keys: ApiKey[];
}

export type ReadMode = "none" | "own" | "shared";
export type WriteMode = "deny" | "direct" | "gated";
export interface EffectivePolicy {
  tier: Tier;
  read: ReadMode;
  write: WriteMode;
  maxMemories: number | null;
  writesPerMinute: number | null;
  clearances: string[];
  source: "agent" | "namespace-default" | "built-in";
}
export type PolicyMatrix = Record<string, Record<Tier, EffectivePolicy>>;

/** A stored policy row (admin.policies): agentId null is the namespace default for the tier. */
export interface PolicyRow {
  id: string;
  namespaceId: string;
  agentId: string | null;
  tier: Tier;
  read: ReadMode;
  write: WriteMode;
  maxMemories: number | null;
  writesPerMinute: number | null;
  clearances: string[];
}

/** What applies when neither an agent row nor a namespace default exists (mirrors core's builtInPolicy). */
export function builtInPolicy(tier: Tier): EffectivePolicy {
  const gated = tier === "knowledge" || tier === "skills";
  return {
    tier,
    read: "shared",
    write: gated ? "gated" : "direct",
    maxMemories: null,
    writesPerMinute: null,
    clearances: [],
    source: "built-in",
  };
}

// Graph tier (graph.*)

export interface GraphEntity {
  id: string;
  namespaceId: string;
  name: string;
  type: string;
  aliases: string[];
  summary: string;
  observations: string[];
  subject: string | null;
  authorAgentId: string | null;
  runId: string | null;
  visibility: "private" | "shared";
  status: MemoryStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface GraphRelation {
  id: string;
  namespaceId: string;
  fromId: string;
  toId: string;
  fromName: string;
  toName: string;
  type: string;
  validFrom: Date;
  validTo: Date | null;
  evidenceMemoryId: string | null;
  authorAgentId: string | null;
  runId: string | null;
  visibility: "private" | "shared";
  status: MemoryStatus;
  createdAt: Date;
}

/** graph.read, graph.search, graph.open. */
export interface GraphSnapshot {
  entities: GraphEntity[];
  relations: GraphRelation[];
  truncated?: boolean;
}

/** graph.traverse: reached entities with their hop distance, and the relations walked. */
export interface Traversal {
  nodes: (GraphEntity & { hops: number })[];
  edges: GraphRelation[];
  unresolved: string[];
  validAt: Date;
  truncated: boolean;
}

export interface Operator {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

export interface TierDecay {
  halfLifeDays: number | null;
  floor: number;
}
export type DecaySettings = Record<RowTier, TierDecay>;

export interface Overview {
  tiers: Record<string, number>;
  writesPerMinute: { minute: string; tier: string; writes: number }[];
  pendingPromotions: number;
  heldCheckpoints: number;
  activeRuns: number;
  chain: { headSeq: number };
  alerts: { seq: number; at: Date; actorId: string; action: string; reason: string | null }[];
}
