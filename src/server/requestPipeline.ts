// The request pipeline as three steps over batches: prepare+apply every queued request in arrival order (each
// sees the writes before it), sync the batch's txns to the log with one fdatasync (group commit), then deliver
// replies and notifications in order. Requests that arrive during a sync form the next batch, so concurrent writers
// share fsyncs and no client ever sees a write before it is durable.
import type { Output, Processed } from './serverCore.js';
import type { Txn } from './txn.js';

/** One unit of work: run against the core when its batch is prepared. */
export type Job = () => Processed;

export interface RequestPipelineConfig {
  readonly append: (txns: readonly Txn[]) => Promise<void>;
  readonly deliver: (outputs: readonly Output[]) => void;
  /** After a batch is durable and delivered (snapshots hook in here). */
  readonly afterBatch?: (txnCount: number) => void;
  /** The log failed: ZooKeeper stops serving rather than acknowledge what it may have lost. */
  readonly onFatal: (error: unknown) => void;
  /** Requests prepared per batch; the rest wait for the next. */
  readonly batchMax?: number;
  /** Clock and sink for request latency (arrival to reply). */
  readonly nowMs?: () => number;
  readonly onLatency?: (ms: number) => void;
}

export interface PipelineStats {
  readonly batches: number;
  readonly syncs: number;
  readonly txns: number;
}

export class RequestPipeline {
  private readonly queue: { job: Job; atMs: number }[] = [];
  private busy = false;
  private failed = false;
  private stats = { batches: 0, syncs: 0, txns: 0 };
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly config: RequestPipelineConfig) {}

  submit(job: Job): void {
    if (this.failed) return;
    this.queue.push({ job, atMs: this.config.nowMs?.() ?? 0 });
    if (!this.busy) void this.drain();
  }

  get outstanding(): number {
    return this.queue.length;
  }

  get counters(): PipelineStats {
    return { ...this.stats };
  }

  /** Resolves once everything queued so far has been synced and delivered. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.busy = true;
    const { batchMax = 1000 } = this.config;
    try {
      while (this.queue.length > 0 && !this.failed) {
        const batch = this.queue.splice(0, batchMax);
        const txns: Txn[] = [];
        const outputs: Output[] = [];
        for (const { job } of batch) {
          const processed = job();
          if (processed.txn !== undefined) txns.push(processed.txn);
          outputs.push(...processed.outputs);
        }
        this.stats.batches += 1;
        if (txns.length > 0) {
          await this.config.append(txns);
          this.stats.syncs += 1;
          this.stats.txns += txns.length;
        }
        this.config.deliver(outputs);
        const done = this.config.nowMs?.() ?? 0;
        for (const { atMs } of batch) this.config.onLatency?.(done - atMs);
        this.config.afterBatch?.(txns.length);
      }
    } catch (error) {
      this.failed = true;
      this.queue.length = 0;
      this.config.onFatal(error);
    } finally {
      this.busy = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
