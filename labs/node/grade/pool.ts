/**
 * A bounded pool of worker threads running one plain-JS worker file (the compiled checker).
 *
 * Each task gets its own timeout: when it expires the worker is asked to abort (so live mode can
 * stop its servers), given a short grace period, then terminated and replaced. A worker that
 * crashes (an uncaught exception, an exit, running out of memory) fails only the task it was
 * running; the pool starts a fresh worker and carries on. Tasks wait in a FIFO queue.
 */
import { Worker } from 'node:worker_threads';

export type TaskOutcome<T> =
  { ok: true; value: T } | { ok: false; code: 'timeout' | 'crash' | 'aborted'; reason: string };

interface Pending<I, T> {
  input: I;
  timeoutMs: number;
  resolve: (o: TaskOutcome<T>) => void;
}

interface Slot<I, T> {
  worker: Worker;
  busy?: {
    id: number;
    pending: Pending<I, T>;
    timer?: NodeJS.Timeout;
    killTimer?: NodeJS.Timeout;
    settled: boolean;
    timedOut?: boolean;
  };
  dead: boolean;
}

export interface PoolOptions {
  /** Absolute path of a plain .js worker file. */
  file: string;
  size: number;
  /** Per-task default timeout. */
  timeoutMs: number;
  /** How long an aborted task may take to clean up before its worker is terminated. Default 2 s. */
  graceMs?: number;
  workerData?: unknown;
  resourceLimits?: { maxOldGenerationSizeMb?: number };
}

/**
 * Message protocol: the pool posts `{type:'task', id, input}` and `{type:'abort', id}`; the worker
 * answers `{type:'result', id, value}` or `{type:'fail', id, reason}` (a thrown error it caught).
 */
export class WorkerPool<I, T> {
  private slots: Slot<I, T>[] = [];
  private queue: Pending<I, T>[] = [];
  private nextId = 1;
  private closed = false;
  /** Number of workers replaced after a crash or a timeout (for tests and the summary). */
  replaced = 0;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < Math.max(1, opts.size); i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  run(input: I, timeoutMs = this.opts.timeoutMs): Promise<TaskOutcome<T>> {
    if (this.closed) return Promise.resolve({ ok: false, code: 'aborted', reason: 'the grading run was stopped' });
    return new Promise((resolve) => {
      this.queue.push({ input, timeoutMs, resolve });
      this.pump();
    });
  }

  private spawn(): Slot<I, T> {
    const worker = new Worker(this.opts.file, {
      workerData: this.opts.workerData,
      resourceLimits: this.opts.resourceLimits,
      stdout: false,
      stderr: false,
    });
    const slot: Slot<I, T> = { worker, dead: false };
    worker.on('message', (m: { type: string; id: number; value?: T; reason?: string }) => {
      const b = slot.busy;
      if (!b || b.id !== m.id || b.settled) return;
      if (m.type === 'result') this.finish(slot, { ok: true, value: m.value as T });
      else if (m.type === 'fail')
        this.finish(slot, { ok: false, code: 'crash', reason: m.reason ?? 'the checker failed' });
    });
    worker.on('error', (err) => {
      slot.dead = true;
      this.finish(
        slot,
        { ok: false, code: 'crash', reason: `the checker crashed: ${err?.message ?? String(err)}` },
        true,
      );
    });
    worker.on('exit', (code) => {
      if (slot.dead) return;
      slot.dead = true;
      this.finish(
        slot,
        { ok: false, code: 'crash', reason: `the checker stopped unexpectedly (exit code ${code})` },
        true,
      );
    });
    return slot;
  }

  private finish(slot: Slot<I, T>, outcome: TaskOutcome<T>, replace = false): void {
    const b = slot.busy;
    if (b && !b.settled) {
      b.settled = true;
      if (b.timer) clearTimeout(b.timer);
      if (b.killTimer) clearTimeout(b.killTimer);
      if (b.timedOut) {
        outcome = {
          ok: false,
          code: 'timeout',
          reason: `timed out after ${Math.round(b.pending.timeoutMs / 100) / 10} s`,
        };
        replace = true;
      }
      b.pending.resolve(outcome);
    }
    slot.busy = undefined;
    if (replace || slot.dead) this.replace(slot);
    this.pump();
  }

  private replace(slot: Slot<I, T>): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    slot.dead = true;
    void slot.worker.terminate().catch(() => undefined);
    if (this.closed) {
      this.slots.splice(i, 1);
      return;
    }
    this.replaced++;
    this.slots[i] = this.spawn();
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy || slot.dead) continue;
      const pending = this.queue.shift() as Pending<I, T>;
      const id = this.nextId++;
      const busy: NonNullable<Slot<I, T>['busy']> = { id, pending, settled: false };
      slot.busy = busy;
      busy.timer = setTimeout(() => {
        // Ask the worker to stop (live mode tears its topology down), then terminate it regardless:
        // whatever it answers now, the task is a timeout and the worker is replaced.
        busy.timedOut = true;
        slot.worker.postMessage({ type: 'abort', id });
        busy.killTimer = setTimeout(
          () => this.finish(slot, { ok: false, code: 'timeout', reason: '' }, true),
          this.opts.graceMs ?? 2000,
        );
      }, pending.timeoutMs);
      slot.worker.postMessage({ type: 'task', id, input: pending.input });
    }
  }

  /** Stops every worker; queued and running tasks resolve as `aborted`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0))
      p.resolve({ ok: false, code: 'aborted', reason: 'the grading run was stopped' });
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.busy && !s.busy.settled) {
        s.busy.settled = true;
        if (s.busy.timer) clearTimeout(s.busy.timer);
        if (s.busy.killTimer) clearTimeout(s.busy.killTimer);
        s.busy.pending.resolve({ ok: false, code: 'aborted', reason: 'the grading run was stopped' });
      }
      s.dead = true;
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}
