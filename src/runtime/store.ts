/**
 * The L2 store contract and the guard every store call goes through: a timeout per operation and a
 * circuit breaker, so a down, slow or confused store costs callers at most one timeout and never an
 * exception.
 */
import { CorruptValueError, NotSerializableError } from './errors.js';

/** An L2 tier. Implementations may throw or reject freely: the runtime guards every call. */
export interface CacheStore {
  /** The stored value, or undefined on a miss. */
  get(key: string): Promise<{ value: unknown } | undefined>;
  /** Stores a value; ttlMs undefined means the store's own default TTL. */
  set(key: string, value: unknown, ttlMs: number | undefined): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Deletes every key matching a glob (`*`, `?`, `[...]`, as Redis MATCH); returns how many. */
  deletePattern(pattern: string): Promise<number>;
  /** Timeout and breaker settings for this store (defaults: 50 ms, 5 failures, 1000 ms cool-down). */
  readonly guard?: GuardOptions;
}

export interface GuardOptions {
  /** Per-operation timeout in ms (get, set, delete). */
  timeoutMs?: number;
  /** Timeout for deletePattern, which may take many SCAN round trips. */
  scanTimeoutMs?: number;
  /** Consecutive failures (errors or timeouts) that open the breaker. */
  failureThreshold?: number;
  /** How long the breaker stays open before one probe call is let through. */
  coolDownMs?: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export type GuardResult<T> =
  | { ok: true; value: T; ms: number }
  | { ok: false; reason: 'open' | 'timeout' | 'error' | 'corrupt'; ms: number; error?: unknown };

class TimeoutError extends Error {}

/** Timeout + circuit breaker around one store. */
export class Guard {
  state: BreakerState = 'closed';
  failures = 0;
  private openedAt = 0;
  private probing = false;
  readonly timeoutMs: number;
  readonly scanTimeoutMs: number;
  readonly failureThreshold: number;
  readonly coolDownMs: number;

  constructor(o: GuardOptions = {}) {
    this.timeoutMs = o.timeoutMs ?? 50;
    this.scanTimeoutMs = o.scanTimeoutMs ?? 5000;
    this.failureThreshold = o.failureThreshold ?? 5;
    this.coolDownMs = o.coolDownMs ?? 1000;
  }

  /** Runs one store operation; never rejects. */
  async run<T>(op: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<GuardResult<T>> {
    const t0 = performance.now();
    let probe = false;
    if (this.state !== 'closed') {
      if (this.probing || performance.now() - this.openedAt < this.coolDownMs) return { ok: false, reason: 'open', ms: 0 };
      // Cool-down over: let exactly this call through as the probe.
      this.state = 'half-open';
      this.probing = probe = true;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      let p: Promise<T>;
      try {
        p = op();
      } catch (e) {
        p = Promise.reject(e);
      }
      // The op may settle after we gave up on it; observe its rejection so it is never unhandled.
      p.catch(() => {});
      const value = await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TimeoutError()), timeoutMs);
          // A pending timeout must not keep the user's process alive.
          timer.unref();
        }),
      ]);
      this.succeed();
      return { ok: true, value, ms: performance.now() - t0 };
    } catch (error) {
      const ms = performance.now() - t0;
      if (error instanceof CorruptValueError || error instanceof NotSerializableError) {
        // The store answered; the value was the problem. That is no reason to stop using it.
        this.succeed();
        return { ok: false, reason: 'corrupt', ms, error };
      }
      this.fail();
      return { ok: false, reason: error instanceof TimeoutError ? 'timeout' : 'error', ms, error };
    } finally {
      if (timer) clearTimeout(timer);
      if (probe) this.probing = false;
    }
  }

  private succeed(): void {
    this.failures = 0;
    this.state = 'closed';
  }

  private fail(): void {
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.failureThreshold) {
      this.state = 'open';
      this.openedAt = performance.now();
    }
  }
}

const guards = new WeakMap<CacheStore, Guard>();

/** The guard shared by every cached function using this store. */
export function guardOf(store: CacheStore): Guard {
  let g = guards.get(store);
  if (!g) guards.set(store, (g = new Guard(store.guard)));
  return g;
}
