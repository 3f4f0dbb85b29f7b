import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Total attempts, including the first. Default 3. */
  attempts?: number;
  /** Delay before the second attempt, doubled each time (with up to 25% jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Only errors for which this returns true are retried (network errors); anything else is thrown at once. */
  isRetryable: (error: unknown) => boolean;
}

/** Runs `fn`, retrying retryable failures with exponential backoff. Throws the last error. */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const base = options.baseDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !options.isRetryable(error)) throw error;
      const delay = base * 2 ** (attempt - 1);
      await sleep(delay + Math.random() * delay * 0.25);
    }
  }
}
