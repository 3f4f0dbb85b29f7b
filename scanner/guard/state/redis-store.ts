import { createClient } from 'redis';
import type { QuotaClaim, Reservation } from '../../../policies-gen/index.ts';
import { GuardError } from '../guard-error.ts';
import type { QuotaStore } from './quota-store.ts';

/** Longest wait for Redis on one call; past it the call is refused (fail closed), never queued. */
const COMMAND_TIMEOUT_MS = 2_000;
/** Counters outlive their window by this much, so hosts whose clocks differ a little still share one count. */
const EXPIRY_GRACE_MS = 60_000;

/**
 * The rule of `planReservation` (policies-gen), in Lua so Redis runs it atomically: KEYS are the distinct counters;
 * ARGV[1] is the number of claims, then (counter index, max) per claim, then a time to live (ms) per counter —
 * relative, so the guard's clock decides the windows and the Redis host's clock only counts down.
 * Returns {0, first claim without room} or {1, count of each counter after the call}.
 */
const RESERVE = `
local n = tonumber(ARGV[1])
for i = 1, n do
  local count = tonumber(redis.call('GET', KEYS[tonumber(ARGV[2 * i])]) or '0')
  if count >= tonumber(ARGV[2 * i + 1]) then return {0, i - 1} end
end
local result = {1}
for k = 1, #KEYS do
  result[k + 1] = redis.call('INCR', KEYS[k])
  redis.call('PEXPIRE', KEYS[k], ARGV[2 * n + 1 + k])
end
return result`;

/** Gives one unit back to each counter that has one. */
const RELEASE = `
for k = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[k]) or '0') > 0 then redis.call('DECR', KEYS[k]) end
end
return 0`;

function makeClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: COMMAND_TIMEOUT_MS, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) },
  });
}

type Client = ReturnType<typeof makeClient>;

/**
 * Counters in Redis (the official `redis` client), shared by guards on several hosts. A reservation is one Lua
 * script, atomic on the server. Nothing waits in an offline queue: when Redis is down the call is refused.
 */
export class RedisQuotaStore implements QuotaStore {
  readonly label: string;
  readonly #client: Client;
  readonly #prefix: string;
  readonly #now: () => number;
  #lastError: Error | undefined;

  private constructor(client: Client, label: string, prefix: string, now: () => number) {
    this.#client = client;
    this.#now = now;
    this.label = label;
    this.#prefix = prefix;
    client.on('error', (error: Error) => {
      this.#lastError = error;
    });
  }

  /** Connects to `url`; rejects with GuardError `STATE_UNAVAILABLE` when Redis does not answer. */
  static async connect(url: string, namespace: string, now: () => number): Promise<RedisQuotaStore> {
    const parsed = new URL(url);
    const label = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    const client = makeClient(url);
    const store = new RedisQuotaStore(client, label, `mcp-atlas:guard:${namespace}:`, now);
    try {
      await withTimeout(client.connect(), `connecting to ${label}`);
    } catch (error) {
      client.destroy();
      throw new GuardError('STATE_UNAVAILABLE', `cannot reach Redis at ${label}: ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  async reserve(claims: readonly QuotaClaim[]): Promise<Reservation> {
    if (claims.length === 0) return { ok: true, counts: [] };
    const keys = [...new Set(claims.map((claim) => claim.key))];
    const index = new Map(keys.map((key, i) => [key, i + 1]));
    const now = this.#now();
    const expiry = new Map(claims.map((claim) => [claim.key, Math.max(1, claim.expiresAt - now) + EXPIRY_GRACE_MS]));
    const args = [String(claims.length), ...claims.flatMap((claim) => [String(index.get(claim.key)), String(claim.max)])];
    args.push(...keys.map((key) => String(expiry.get(key))));
    const reply = (await this.#run(RESERVE, keys, args)) as number[];
    if (reply[0] !== 1) return { ok: false, index: Number(reply[1]) };
    return { ok: true, counts: claims.map((claim) => Number(reply[index.get(claim.key)!])) };
  }

  async release(claims: readonly QuotaClaim[]): Promise<void> {
    const keys = [...new Set(claims.map((claim) => claim.key))];
    if (keys.length > 0) await this.#run(RELEASE, keys, []);
  }

  async close(): Promise<void> {
    try {
      if (this.#client.isOpen) await withTimeout(this.#client.close(), 'closing');
    } catch {
      this.#client.destroy();
    }
  }

  async #run(script: string, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await withTimeout(
        this.#client.eval(script, { keys: keys.map((key) => this.#prefix + key), arguments: args }),
        'running the counter script',
      );
    } catch (error) {
      const why = this.#lastError?.message ?? (error as Error).message;
      throw new GuardError('STATE_UNAVAILABLE', `Redis at ${this.label} did not answer: ${why}`, { cause: error });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${COMMAND_TIMEOUT_MS} ms ${what}`)), COMMAND_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
