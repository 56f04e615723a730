import { z } from "zod";

/** Input schemas of the graph tier; one definition serves every transport. */

const name = z.string().trim().min(1).max(200);
const typeName = z.string().trim().min(1).max(100);
const observation = z.string().trim().min(1).max(4000);
const visibility = z.enum(["private", "shared"]);
/** An entity id, or its name (case-insensitive). */
export const entityRef = z.string().trim().min(1).max(200);

/** Every write may name the run it belongs to (so a rollback finds it) and a reason for the audit log. */
const writeMeta = {
  runId: z.uuid().optional(),
  reason: z.string().max(2000).optional(),
};

export const newEntitySchema = z.strictObject({
  name,
  type: typeName,
  aliases: z.array(name).max(50).default([]),
  summary: z.string().max(4000).default(""),
  observations: z.array(observation).max(200).default([]),
  subject: z.string().max(200).optional(),
  visibility: visibility.default("shared"),
});

export const createEntitiesInput = z.strictObject({
  entities: z.array(newEntitySchema).min(1).max(100),
  ...writeMeta,
});

export const updateEntityInput = z
  .strictObject({
    entity: entityRef,
    type: typeName.optional(),
    summary: z.string().max(4000).optional(),
    aliases: z.array(name).max(50).optional(),
    ...writeMeta,
  })
  .refine((v) => v.type !== undefined || v.summary !== undefined || v.aliases !== undefined, {
    message: "nothing to update: give type, summary or aliases",
  });

export const addObservationsInput = z.strictObject({
  observations: z
    .array(z.strictObject({ entity: entityRef, contents: z.array(observation).min(1).max(200) }))
    .min(1)
    .max(100),
  ...writeMeta,
});

export const deleteObservationsInput = z.strictObject({
  deletions: z
    .array(z.strictObject({ entity: entityRef, observations: z.array(z.string().max(4000)).min(1).max(200) }))
    .min(1)
    .max(100),
  ...writeMeta,
});

export const deleteEntitiesInput = z.strictObject({
  entities: z.array(entityRef).min(1).max(100),
  ...writeMeta,
});

export const newRelationSchema = z
  .strictObject({
    from: entityRef,
    to: entityRef,
    type: typeName,
    // Coerced, so a proposal stored as JSON (ISO strings) parses again on approval.
    validFrom: z.coerce.date().optional(),
    validTo: z.coerce.date().optional(),
    evidenceMemoryId: z.uuid().optional(),
    visibility: visibility.default("shared"),
  })
  .refine((r) => !r.validFrom || !r.validTo || r.validTo > r.validFrom, {
    message: "validTo must be after validFrom",
    path: ["validTo"],
  });

export const createRelationsInput = z.strictObject({
  relations: z.array(newRelationSchema).min(1).max(100),
  ...writeMeta,
});

export const invalidateRelationInput = z.strictObject({ id: z.uuid(), ...writeMeta });

/** A relation to delete: by id, or every visible active edge of that type between the two entities. */
export const relationSelector = z.union([
  z.strictObject({ id: z.uuid() }),
  z.strictObject({ from: entityRef, to: entityRef, type: typeName }),
]);

export const deleteRelationsInput = z.strictObject({
  relations: z.array(relationSelector).min(1).max(100),
  ...writeMeta,
});

// Reads

export const listEntitiesInput = z.strictObject({
  type: typeName.optional(),
  /** Case-insensitive substring of the name or an alias. */
  query: z.string().trim().max(200).optional(),
  status: z.enum(["active", "deleted"]).default("active"),
  limit: z.number().int().min(1).max(500).default(50),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(500).optional(),
});

export const readGraphInput = z.strictObject({
  /** At most this many entities, and four times as many relations. */
  limit: z.number().int().min(1).max(5000).default(1000),
  /** Relations valid at this instant (default now). */
  validAt: z.coerce.date().optional(),
});

export const searchNodesInput = z.strictObject({
  query: z.string().trim().min(1).max(2048),
  limit: z.number().int().min(1).max(500).default(50),
  validAt: z.coerce.date().optional(),
});

export const openNodesInput = z.strictObject({
  names: z.array(entityRef).min(1).max(200),
  validAt: z.coerce.date().optional(),
});

export const traverseInput = z.strictObject({
  start: z.array(entityRef).min(1).max(100),
  depth: z.number().int().min(1).max(5).default(2),
  validAt: z.coerce.date().optional(),
  relationTypes: z.array(typeName).min(1).max(50).optional(),
  /** At most this many nodes, nearest first. */
  limit: z.number().int().min(1).max(5000).default(500),
});

export const matchEntitiesInput = z.strictObject({
  text: z.string().min(1).max(100_000),
  limit: z.number().int().min(1).max(200).default(20),
});
