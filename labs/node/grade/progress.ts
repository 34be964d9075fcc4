/**
 * Progress for a grading run, on stderr: a bar redrawn in place on a TTY, plain lines otherwise
 * (every 10% or every 10 s, whichever comes first), nothing with --quiet.
 */
import type { Writable } from '../io';

export class Progress {
  private done = 0;
  private errors = 0;
  private lastLine = 0;
  private lastPct = -1;
  private readonly started = Date.now();

  constructor(
    private readonly out: Writable,
    private readonly total: number,
    private readonly mode: 'tty' | 'lines' | 'off',
  ) {}

  static for(out: Writable, total: number, quiet: boolean): Progress {
    return new Progress(out, total, quiet ? 'off' : out.isTTY ? 'tty' : 'lines');
  }

  tick(learner: string, status: string): void {
    this.done++;
    if (status === 'error') this.errors++;
    if (this.mode === 'off') return;
    const now = Date.now();
    const pct = this.total ? Math.floor((this.done / this.total) * 100) : 100;
    const elapsed = (now - this.started) / 1000;
    const eta = this.done ? Math.round((elapsed / this.done) * (this.total - this.done)) : 0;
    if (this.mode === 'tty') {
      if (now - this.lastLine < 80 && this.done < this.total) return;
      this.lastLine = now;
      const w = 30;
      const fill = Math.round((w * pct) / 100);
      const name = learner.length > 24 ? learner.slice(0, 23) + '…' : learner;
      this.out.write(
        `\r\x1b[2K[${'#'.repeat(fill)}${'-'.repeat(w - fill)}] ${this.done}/${this.total} ${pct}% eta ${eta}s ${name}`,
      );
      return;
    }
    const decile = Math.floor(pct / 10);
    if (decile !== this.lastPct || now - this.lastLine >= 10_000 || this.done === this.total) {
      this.lastPct = decile;
      this.lastLine = now;
      this.out.write(
        `graded ${this.done}/${this.total} (${pct}%)${this.errors ? `, ${this.errors} error(s)` : ''}, ${elapsed.toFixed(1)} s\n`,
      );
    }
  }

  end(): void {
    if (this.mode === 'tty') this.out.write('\n');
  }
}
