#!/usr/bin/env node
/**
 * Live mode on its own (no static checks): `node dist/labs/node/live/cli.js DIR [--lab ID]
 * [--mode auto|netns|loopback] [--tiers web,db] [--keep]`. Prints the live checks as JSON.
 * SIGINT/SIGTERM abort the run: every server is stopped and the sandbox removed before exit.
 * (`web-infra-lab check DIR --live` is the product's command; this entry serves tests and debugging.)
 */
import { loadSubmission } from '../fs';
import { runLive } from './index';
import { abortOnSignals } from '../signals';

async function main(argv: string[]): Promise<number> {
  const dir = argv.find((a, i) => !a.startsWith('--') && !/^--(lab|mode|tiers)$/.test(argv[i - 1] ?? ''));
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!dir) {
    process.stderr.write('usage: live DIR [--lab ID] [--mode auto|netns|loopback] [--tiers web,db] [--keep]\n');
    return 2;
  }
  const { signal, interrupted } = abortOnSignals();
  const { tree } = await loadSubmission(dir);
  const { loadLab, listLabs } = require('../specs') as typeof import('../specs');
  const lab = loadLab(opt('lab') ?? listLabs()[0]);
  const tiers = opt('tiers')?.split(',') as Array<'web' | 'db'> | undefined;
  const r = await runLive({
    dir,
    tree,
    lab,
    signal,
    keep: argv.includes('--keep') || undefined,
    mode: (opt('mode') as 'auto') ?? 'auto',
    tiers,
  });
  process.stdout.write(
    JSON.stringify(
      {
        checks: r.checks.map((c) => ({ id: c.id, status: c.status, findings: c.findings.map((f) => f.message) })),
        live: r.live,
        debug: r.debug,
      },
      null,
      2,
    ) + '\n',
  );
  if (interrupted()) return 130;
  return r.checks.every((c) => c.status === 'pass' || c.status === 'skip') ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`live: ${String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = 2;
  },
);
