import type {
  Checkpoint,
  ContextPack,
  listPromotions,
  Memory,
  MemoryPage,
  MutationResult,
  memoryLineage,
  proposePromotion,
  Run,
  SearchHit,
  WaitResult,
  WriteResult,
} from "@memro/core";

/** Result types, shared with the server at compile time only (nothing of it is bundled). */
export type {
  Checkpoint,
  ContextPack,
  Memory,
  MemoryPage,
  MutationResult,
  Run,
  SearchHit,
  WaitResult,
  WriteResult,
};
export type Promotion = Awaited<ReturnType<typeof proposePromotion>>;
export type PromotionList = Awaited<ReturnType<typeof listPromotions>>;
export type Lineage = Awaited<ReturnType<typeof memoryLineage>>;
