import { EventEmitter } from "node:events";
import type { MemroDb } from "@memro/db";

export type AuditListener = (namespaceId: string, seq: number) => void;

interface Feed {
  listeners: Set<AuditListener>;
  unlisten: Promise<() => Promise<void>> | null;
}

const feeds = new WeakMap<MemroDb, Feed>();

/**
 * Subscribes to the `memro_audit` channel (appendAudit notifies `<namespaceId>:<seq>` on
 * commit, from any api instance). One LISTEN per database handle is shared by every
 * subscriber and dropped when the last one leaves. Resolves once listening.
 */
export async function onAuditEvent(memro: MemroDb, listener: AuditListener): Promise<() => Promise<void>> {
  let feed = feeds.get(memro);
  if (!feed) {
    feed = { listeners: new Set(), unlisten: null };
    feeds.set(memro, feed);
  }
  const f = feed;
  f.listeners.add(listener);
  if (!f.unlisten) {
    f.unlisten = memro.listen("memro_audit", (payload) => {
      const at = payload.lastIndexOf(":");
      const ns = payload.slice(0, at);
      const seq = Number(payload.slice(at + 1));
      for (const l of f.listeners) l(ns, seq);
    });
    f.unlisten.catch(() => {
      f.unlisten = null;
    });
  }
  try {
    await f.unlisten;
  } catch (error) {
    f.listeners.delete(listener);
    throw error;
  }
  return async () => {
    f.listeners.delete(listener);
    if (f.listeners.size > 0 || !f.unlisten) return;
    const pending = f.unlisten;
    f.unlisten = null;
    await (await pending)();
  };
}

const deciders = new WeakMap<MemroDb, EventEmitter>();

/**
 * In-process fast path: a decision made by this process wakes its waiters at once, without
 * the round trip through NOTIFY. Decisions made by another instance arrive through
 * `onAuditEvent`.
 */
export function checkpointEvents(memro: MemroDb): EventEmitter {
  let emitter = deciders.get(memro);
  if (!emitter) {
    emitter = new EventEmitter();
    // Many agents may wait at once; each removes its listener when done.
    emitter.setMaxListeners(0);
    deciders.set(memro, emitter);
  }
  return emitter;
}
