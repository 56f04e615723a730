import type { Core } from "@memro/core";
import type { Logger } from "../log.js";
import { type AuditEvent, eventsBetween, headSeq } from "./fetch-events.js";

export type Subscriber = (event: AuditEvent) => void;

interface Channel {
  subscribers: Set<Subscriber>;
  lastSeq: number;
  /** Serialises fetches so events go out once and in order. */
  queue: Promise<void>;
}

/**
 * One `LISTEN memro_audit` per process, fanned out to every open stream. A NOTIFY names the
 * namespace and its newest seq (a batch notifies once), so each namespace remembers the last
 * seq it delivered and fetches everything after it. Works across api instances: every
 * instance listens on the same database.
 */
export class AuditHub {
  private readonly channels = new Map<string, Channel>();
  private unlisten: Promise<() => Promise<void>> | null = null;

  constructor(
    private readonly core: Core,
    private readonly log: Logger,
  ) {}

  /** Resolves once listening; returns the seq the stream starts after, and how to leave. */
  async subscribe(
    namespaceId: string,
    subscriber: Subscriber,
  ): Promise<{ startSeq: number; leave: () => void }> {
    await this.listen();
    let channel = this.channels.get(namespaceId);
    if (!channel) {
      channel = {
        subscribers: new Set(),
        lastSeq: await headSeq(this.core, namespaceId),
        queue: Promise.resolve(),
      };
      // Another subscriber may have opened it while the head was read.
      channel = this.channels.get(namespaceId) ?? channel;
      this.channels.set(namespaceId, channel);
    }
    const ch = channel;
    ch.subscribers.add(subscriber);
    return {
      startSeq: ch.lastSeq,
      leave: () => {
        ch.subscribers.delete(subscriber);
        if (ch.subscribers.size === 0 && this.channels.get(namespaceId) === ch)
          this.channels.delete(namespaceId);
        if (this.channels.size === 0) this.stop();
      },
    };
  }

  private async listen(): Promise<void> {
    if (!this.unlisten) {
      this.unlisten = this.core.memro.listen("memro_audit", (payload) => this.notified(payload));
      this.unlisten.catch(() => {
        this.unlisten = null;
      });
    }
    await this.unlisten;
  }

  private stop() {
    const pending = this.unlisten;
    this.unlisten = null;
    void pending?.then((off) => off()).catch(() => {});
  }

  private notified(payload: string) {
    const at = payload.lastIndexOf(":");
    const ch = this.channels.get(payload.slice(0, at));
    const seq = Number(payload.slice(at + 1));
    if (!ch || !Number.isFinite(seq)) return;
    ch.queue = ch.queue.then(async () => {
      if (seq <= ch.lastSeq) return;
      try {
        const events = await eventsBetween(this.core, payload.slice(0, at), ch.lastSeq, seq);
        ch.lastSeq = seq;
        for (const event of events) for (const s of ch.subscribers) s(event);
      } catch (error) {
        this.log.warn("events fetch failed", { error: String(error) });
      }
    });
  }
}
