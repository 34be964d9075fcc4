// Issue 12's adversarial set, through the compiled CLI as a whole process (what an instructor runs):
// 1 MB of blank lines after a server block (the quadratic regex of parseNginxEntry), 10 MB of `;`,
// 1,000,000 `;` lines and 5,000,000 lines `a` as HAProxy, 1,000,000 shell commands. Each must take under
// 1 s of CPU and 300 MB (maximum resident set size, from /usr/bin/time). `parse` and `check --no-real-tools`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'dist', 'labs', 'cli', 'web-infra-lab.js');
const SOL = join(ROOT, 'labs', 'specs', 'distributed-web', 'solution');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const work = mkdtempSync(join(tmpdir(), 'wil-bench-hostile-'));

interface Input {
  name: string;
  kind: 'nginx' | 'haproxy' | 'shell';
  /** Where the file goes in a submission for `check` (the reference solution around it). */
  at: string;
  text: () => string;
}
const inputs: Input[] = [
  {
    name: '1 MB of blank lines after a server block',
    kind: 'nginx',
    at: 'web-01/default',
    text: () => `server {\n    listen 80;\n${'\n'.repeat(1_000_000)}}\n`,
  },
  { name: '10 MB of `;`', kind: 'nginx', at: 'web-01/default', text: () => ';'.repeat(10_000_000) },
  {
    name: '1,000,000 lines `;` (HAProxy)',
    kind: 'haproxy',
    at: 'lb-01/haproxy.cfg',
    text: () => ';\n'.repeat(1_000_000),
  },
  {
    name: '5,000,000 lines `a` (HAProxy)',
    kind: 'haproxy',
    at: 'lb-01/haproxy.cfg',
    text: () => 'a\n'.repeat(5_000_000),
  },
  {
    name: '1,000,000 shell commands `true`',
    kind: 'shell',
    at: 'lb-01/setup.sh',
    text: () => `#!/bin/bash\n${'true\n'.repeat(1_000_000)}`,
  },
];

function measure(args: string[]): { cpuMs: number; rssMb: number; wallMs: number; code: number | null; err: string } {
  const t = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'WILTIME %U %S %M', process.execPath, BIN, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        env: { ...process.env, WEB_INFRA_LAB_NO_REAL_TOOLS: '1' },
      })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  const m = /WILTIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return {
    cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN,
    rssMb: m ? Number(m[3]) / 1024 : NaN,
    wallMs,
    code: r.status,
    err:
      (r.stderr ?? '')
        .split('\n')
        .filter((l) => !l.startsWith('WILTIME') && /error|internal|RangeError|heap/i.test(l))
        .slice(-1)[0] ?? '',
  };
}

let over = 0;
try {
  for (const inp of inputs) {
    const text = inp.text();
    const file = join(work, `input.${inp.kind}`);
    writeFileSync(file, text);
    const sub = join(work, 'sub');
    rmSync(sub, { recursive: true, force: true });
    cpSync(SOL, sub, { recursive: true });
    mkdirSync(join(sub, inp.at, '..'), { recursive: true });
    writeFileSync(join(sub, inp.at), text);
    for (const [what, args] of [
      ['parse', ['parse', file, '--kind', inp.kind]],
      ['check', ['check', sub, '--no-real-tools', '--format', 'json']],
    ] as const) {
      const r = measure([...args]);
      const ok = r.cpuMs < 1000 && r.rssMb < 300;
      if (!ok) over++;
      console.log(
        `hostile: ${what} ${inp.name} (${(text.length / 1e6).toFixed(1)} MB): ${r.cpuMs.toFixed(0)} ms CPU, ${r.rssMb.toFixed(0)} MB max RSS, wall ${r.wallMs.toFixed(0)} ms, exit ${r.code}${r.err ? ` (${r.err.slice(0, 120)})` : ''} ${ok ? '(< 1 s and < 300 MB, ok)' : '(OVER the 1 s / 300 MB target)'}`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`hostile: ${over} run(s) over target${TIME ? '' : ' (no /usr/bin/time: CPU and memory not measured)'}`);
