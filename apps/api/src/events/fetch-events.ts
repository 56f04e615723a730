import { type Core, listAudit, systemActor } from "@memro/core";

export type AuditEvent = Awaited<ReturnType<typeof listAudit>>["items"][number];
const reader = systemActor("live events feed");
const PAGE = 500;

/** The namespace's events with `after < seq <= upTo`, oldest first (at most the newest 500). */
export async function eventsBetween(
  core: Core,
  namespaceId: string,
  after: number,
  upTo: number,
): Promise<AuditEvent[]> {
  if (upTo <= after) return [];
  const limit = Math.min(PAGE, upTo - after);
  const page = await listAudit(core, reader, { beforeSeq: upTo + 1, limit }, namespaceId);
  return page.items.filter((e) => e.seq > after).reverse();
}

/** The seq of the namespace's newest event (0 when it has none). */
export async function headSeq(core: Core, namespaceId: string): Promise<number> {
  const page = await listAudit(core, reader, { limit: 1 }, namespaceId);
  return page.items[0]?.seq ?? 0;
}
