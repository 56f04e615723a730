export { applyGraphProposal, isGraphProposal } from "./apply-proposal.js";
export { type CreatedEntity, createEntities } from "./create-entities.js";
export { type CreatedRelation, createRelations } from "./create-relations.js";
export { type DeletedEntities, deleteEntities } from "./delete-entities.js";
export { type EntityMatch, matchEntities } from "./match.js";
export * from "./mcp-memory-compat.js";
export {
  addObservations,
  deleteObservations,
  type ObservationsAdded,
  type ObservationsRemoved,
} from "./observations.js";
export { type EntityPage, type GraphRead, getEntity, listEntities, openNodes, readGraph } from "./read.js";
export { type DeletedRelations, deleteRelations, invalidateRelation } from "./relation-lifecycle.js";
export * from "./schemas.js";
export { searchNodes } from "./search.js";
export { type Traversal, type TraversalNode, traverse } from "./traverse.js";
export type { Entity, GraphRelation, GraphView, Relation } from "./types.js";
export { updateEntity } from "./update-entity.js";
export type { GraphWriteResult } from "./write-runner.js";
