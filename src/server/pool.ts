import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { runTask, type Task, type TaskResult } from './work.js';

/**
 * Runs analysis tasks: large inputs on a piscina worker pool so that one huge request never
 * blocks the event loop, small ones on an idle worker or else inline on the main thread, and a timeout that can really stop a runaway task (piscina
 * terminates the worker thread when its task is aborted).
 */
export interface RunnerOptions {
  /** Worker threads; 0 runs everything inline. */
  threads: number;
  /** Inputs up to this many characters run inline. */
  inlineLimit: number;
  /** Tasks waiting for a worker beyond this are refused (503 busy). */
  maxQueue: number;
  /** Heap limit of a worker, MB. */
  workerHeapMb: number;
}

export class TaskTimeout extends Error {}
export class PoolBusy extends Error {}

/** The compiled worker: beside this file in dist/, or dist/server/worker.js when running from src/ (vitest). */
export function workerFile(): string | null {
  const here = new URL('./worker.js', import.meta.url);
  const candidates = [here, new URL('../../dist/server/worker.js', import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(p)) return p;
  }
  return null;
}

export class Runner {
  private pool: Piscina | null = null;
  readonly inlineLimit: number;
  readonly threads: number;

  constructor(opts: RunnerOptions) {
    const file = opts.threads > 0 ? workerFile() : null;
    if (file) {
      this.pool = new Piscina({
        filename: file,
        minThreads: opts.threads,
        maxThreads: opts.threads,
        maxQueue: opts.maxQueue,
        idleTimeout: 60_000,
        resourceLimits: { maxOldGenerationSizeMb: opts.workerHeapMb },
      });
      // A worker crash rejects its task; keep the pool's own errors from becoming unhandled.
      this.pool.on('error', () => {});
    }
    this.threads = this.pool ? opts.threads : 0;
    this.inlineLimit = this.pool ? opts.inlineLimit : Infinity;
  }

  private inflight = 0;

  /**
   * Large tasks always go to a worker. A small one goes to a worker when one is idle
   * (so both cores work), else runs inline: a few milliseconds, cheaper than waiting.
   */
  offloads(size: number): boolean {
    if (this.pool === null) return false;
    return size > this.inlineLimit || this.inflight < this.threads;
  }

  async run(task: Task, size: number, timeoutMs: number): Promise<TaskResult> {
    if (!this.offloads(size)) return runTask(task);
    this.inflight++;
    try {
      return await this.runPooled(task, timeoutMs);
    } finally {
      this.inflight--;
    }
  }

  private async runPooled(task: Task, timeoutMs: number): Promise<TaskResult> {
    const pool = this.pool as Piscina;
    if (pool.queueSize >= pool.options.maxQueue) throw new PoolBusy('the server is busy; try again shortly');
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      return (await pool.run(task, { signal: ac.signal })) as TaskResult;
    } catch (e) {
      if (ac.signal.aborted) throw new TaskTimeout(`the analysis took longer than ${timeoutMs} ms and was stopped`);
      const msg = (e as Error)?.message ?? '';
      if (/queue is at limit/i.test(msg)) throw new PoolBusy('the server is busy; try again shortly');
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Start every worker and load its models, so the first real request is not slow. */
  async warm(): Promise<void> {
    if (!this.pool) return;
    const tasks: Promise<unknown>[] = [];
    const warmTask: Task = { op: 'analyze', text: 'این یک جمله است.' };
    for (let i = 0; i < this.threads; i++) tasks.push(this.pool.run(warmTask).catch(() => {}));
    await Promise.all(tasks);
  }

  async close(): Promise<void> {
    if (this.pool) await this.pool.destroy();
    this.pool = null;
  }
}
