import type { MemroDb } from "@memro/db";
import type { Actor } from "../actor.js";

export type AgentActor = Extract<Actor, { type: "agent" }>;

/** Channel on which a key's revocation is announced, with the key's id, at commit. */
export const KEY_REVOKED_CHANNEL = "memro_api_key_revoked";
/** How long a key that authenticated is trusted without asking the database again. */
export const KEY_CACHE_MS = 5_000;
const MAX_KEYS = 10_000;

interface Entry {
  actor: AgentActor;
  checkedAt: number;
  /** When the database last recorded the key's use; see `authenticateApiKey`. */
  lastUsedAt: number;
}

/**
 * Agents' keys that authenticated in the last few seconds, by their hash: an agent's call
 * skips the key lookup, a database round trip. Revocation empties the entry at once in the
 * process that revoked and, through NOTIFY, in every other one; should a notification be lost
 * while the listening connection is down, the entry still expires within `ttlMs`. Until the
 * LISTEN is established, nothing is served from here.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  /** Bumped by every revocation: a lookup that started before it must not store its answer. */
  private revocations = 0;

  constructor(private readonly ttlMs = KEY_CACHE_MS) {}

  /** The key's entry if it is still fresh and the cache is coherent with revocations. */
  lookup(hash: string, now = Date.now()): Entry | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (now - entry.checkedAt < this.ttlMs) return entry;
    this.entries.delete(hash);
    return undefined;
  }

  /** A token to pass to `store`, taken before the database is asked. */
  generation(): number {
    return this.revocations;
  }

  store(hash: string, entry: Entry, generation: number): void {
    if (!this.listening || this.ttlMs <= 0 || generation !== this.revocations) return;
    this.entries.delete(hash);
    if (this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, entry);
  }

  /** Forgets the key `keyId`, as its revocation commits. */
  revoked(keyId: string): void {
    this.revocations++;
    for (const [hash, entry] of this.entries) if (entry.actor.keyId === keyId) this.entries.delete(hash);
  }

  /**
   * Starts serving entries once revocations from other processes can reach it. A database
   * without LISTEN (a transaction pooler, say) leaves the cache off: every call is checked.
   */
  async listen(memro: MemroDb): Promise<() => Promise<void>> {
    try {
      const unlisten = await memro.listen(
        KEY_REVOKED_CHANNEL,
        (keyId) => this.revoked(keyId),
        () => {
          // (Re)connected: whatever was revoked while the connection was down is unknown.
          this.revocations++;
          this.entries.clear();
          this.listening = true;
        },
      );
      return async () => {
        this.listening = false;
        this.entries.clear();
        await unlisten();
      };
    } catch {
      return async () => {};
    }
  }
}
