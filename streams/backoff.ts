// Reconnect delays: pure tables (doubling up to a cap, optional jitter from an injected random) and a retry operator
// that waits on an injected scheduler, so reconnect cascades run in virtual time under marble tests.
import { retry, throwError, timer, asyncScheduler, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';

export interface BackoffConfig {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per attempt; default 2. */
  readonly factor?: number;
  /** 0..1: the delay is spread uniformly over [d * (1 - jitter), d * (1 + jitter)], never above maxMs. Default 0. */
  readonly jitter?: number;
  /** Source of jitter in [0, 1); default Math.random. */
  readonly random?: () => number;
}

/** Delay before the given attempt (1-based). */
export function backoffDelayMs(attempt: number, config: BackoffConfig): number {
  const { initialMs, maxMs, factor = 2, jitter = 0, random = Math.random } = config;
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(maxMs, initialMs * Math.pow(factor, exponent));
  if (jitter <= 0) return base;
  const spread = base * Math.min(jitter, 1);
  return Math.min(maxMs, Math.max(0, Math.round(base - spread + 2 * spread * random())));
}

/** Delays for attempts 1..count. */
export function backoffTable(count: number, config: BackoffConfig): number[] {
  return Array.from({ length: count }, (_, index) => backoffDelayMs(index + 1, config));
}

export interface RetryBackoffConfig extends BackoffConfig {
  /** Retries before the error passes through; default Infinity. */
  readonly retriesMax?: number;
  /** Start the table again after the source emits a value. */
  readonly resetOnSuccess?: boolean;
  readonly scheduler?: SchedulerLike;
  /** Errors for which this returns false pass through at once. */
  readonly shouldRetry?: (error: unknown) => boolean;
}

/** Resubscribes to the source after each error, waiting backoffDelayMs(n) on the scheduler before retry n. */
export function retryBackoff<T>(config: RetryBackoffConfig): MonoTypeOperatorFunction<T> {
  const { retriesMax = Infinity, resetOnSuccess = false, scheduler = asyncScheduler, shouldRetry = () => true } = config;
  return retry<T>({
    count: retriesMax,
    resetOnSuccess,
    delay: (error: unknown, retryCount: number) =>
      shouldRetry(error) ? timer(backoffDelayMs(retryCount, config), scheduler) : throwError(() => error),
  });
}
