import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export const GENESIS_HASH = "0".repeat(64);

/** The chained part of an audit event. It holds the payload's digest, never the payload. */
export interface AuditHeader {
  namespaceId: string;
  seq: number;
  at: string;
  actorType: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  runId: string | null;
  reason: string | null;
  payloadDigest: string;
}

export const hashEvent = (prevHash: string, header: AuditHeader): string =>
  sha256(prevHash + canonicalJson(header));
