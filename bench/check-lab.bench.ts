/**
 * `check-lab` on the reference solution, whole process, beside `node -e 0` measured in the same
 * run (interleaved, so machine load hits both alike). Median of 10 each.
 *   1. --no-real-tools --format json          target: <= 1.6 x node's start-up
 *   2. with the real tools (haproxy -c, nginx -t, run concurrently)
 *                                              target: <= (1) + max(haproxy -c alone, nginx -t alone)
 *   3. lab 2's reference (secured-monitored: TLS, firewalls, monitoring) and lab 3's (no-spof: keepalived),
 *      static, with and without the real tools    target (issue 14): lab 2 <= 1.3 x lab 1
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, HTTPCLIENT_OFF } from '../labs/node/realtools';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'dist/labs/cli/web-infra-lab.js');
const SOL = join(ROOT, 'labs/specs/distributed-web/solution');
const SOL2 = join(ROOT, 'labs/specs/secured-monitored/solution');
const SOL3 = join(ROOT, 'labs/specs/no-spof/solution');
const N = 10;

const TIME = '/usr/bin/time';
/**
 * The runs are started by a small launcher process (plain JavaScript), not by this one: this process holds
 * ts-node and the TypeScript compiler, and forking it costs several ms more per run than a shell's fork,
 * which would be added to `node -e 0` and to check-lab alike (flattering the ratio).
 * Each step: wall time of one whole process; with a label and /usr/bin/time, its CPU time (user+sys) too,
 * less sensitive to other load.
 */
const LAUNCHER = `
  const { spawnSync } = require('node:child_process');
  const { steps, n, root, time } = JSON.parse(process.argv[1]);
  const wall = {}, cpu = {};
  const env = { ...process.env, NO_COLOR: '1' };
  for (let i = -1; i < n; i++) {
    for (const s of steps) {
      if (i < 0 && !s.warm) continue;
      const useTime = s.label !== undefined && time;
      const t = process.hrtime.bigint();
      const r = useTime
        ? spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', s.cmd, ...s.args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' })
        : spawnSync(s.cmd, s.args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (r.status !== 0 && r.status !== 1) { process.stderr.write(s.cmd + ' ' + s.args.join(' ') + ' exited ' + r.status + ': ' + r.stderr); process.exit(3); }
      if (i < 0) continue;
      (wall[s.key] ??= []).push(ms);
      const m = useTime ? /CPU ([\\d.]+) ([\\d.]+)/.exec(String(r.stderr)) : null;
      if (m) (cpu[s.label] ??= []).push((Number(m[1]) + Number(m[2])) * 1000);
    }
  }
  process.stdout.write(JSON.stringify({ wall, cpu }));`;

interface Step {
  key: string;
  cmd: string;
  args: string[];
  label?: string;
  /** also run once before the measured rounds (page cache, code cache) */
  warm?: boolean;
}

function measure(steps: Step[], n: number): { wall: Record<string, number[]>; cpu: Record<string, number[]> } {
  const r = spawnSync(
    process.execPath,
    ['-e', LAUNCHER, JSON.stringify({ steps, n, root: ROOT, time: existsSync(TIME) })],
    { encoding: 'utf8', timeout: 600_000, maxBuffer: 16 << 20 },
  );
  if (r.status !== 0) throw new Error(`bench launcher failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { wall: Record<string, number[]>; cpu: Record<string, number[]> };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const haproxy = findTool('haproxy');
const nginx = findTool('nginx');

// Standalone tool runs on the same configs, for the real-tools target.
const work = mkdtempSync(join(tmpdir(), 'wil-bench-'));
cpSync(join(SOL, 'lb-01/haproxy.cfg'), join(work, 'haproxy.cfg'));
// As the checker runs it (labs/node/realtools.ts: the HTTP client's CA store is not loaded).
writeFileSync(join(work, 'haproxy-quick.cfg'), readFileSync(join(SOL, 'lb-01/haproxy.cfg'), 'utf8') + HTTPCLIENT_OFF);
cpSync(join(SOL, 'web-01/default'), join(work, 'default'));
writeFileSync(
  join(work, 'nginx.conf'),
  `pid ${work}/nginx.pid;\nerror_log ${work}/error.log;\nevents {}\nhttp {\n access_log off;\n client_body_temp_path ${work}/cb; proxy_temp_path ${work}/p; fastcgi_temp_path ${work}/f; uwsgi_temp_path ${work}/u; scgi_temp_path ${work}/s;\n include ${work}/default;\n}\n`,
);

const steps: Step[] = [
  { key: 'node', cmd: process.execPath, args: ['-e', '0'], label: 'node' },
  {
    key: 'check',
    cmd: process.execPath,
    args: [BIN, 'check', SOL, '--no-real-tools', '--format', 'json'],
    label: 'check',
    warm: true,
  },
  {
    key: 'check2',
    cmd: process.execPath,
    args: [BIN, 'check', SOL2, '--no-real-tools', '--format', 'json'],
    warm: true,
  },
  {
    key: 'check3',
    cmd: process.execPath,
    args: [BIN, 'check', SOL3, '--no-real-tools', '--format', 'json'],
    warm: true,
  },
];
if (haproxy && nginx) {
  steps.push(
    { key: 'checkTools', cmd: process.execPath, args: [BIN, 'check', SOL, '--format', 'json'] },
    { key: 'check2Tools', cmd: process.execPath, args: [BIN, 'check', SOL2, '--format', 'json'] },
    { key: 'check3Tools', cmd: process.execPath, args: [BIN, 'check', SOL3, '--format', 'json'] },
    { key: 'hap', cmd: haproxy, args: ['-q', '-c', '-f', join(work, 'haproxy.cfg')] },
    { key: 'hapQuick', cmd: haproxy, args: ['-q', '-c', '-f', join(work, 'haproxy-quick.cfg')] },
    {
      key: 'ngx',
      cmd: nginx,
      args: ['-q', '-t', '-p', work + '/', '-e', join(work, 'error.log'), '-c', join(work, 'nginx.conf')],
    },
  );
}
let wall: Record<string, number[]> = {};
let cpu: Record<string, number[]> = {};
try {
  ({ wall, cpu } = measure(steps, N));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const node = wall.node;
const check = wall.check;
const checkTools = wall.checkTools ?? [];
const hap = wall.hap ?? [];
const hapQuick = wall.hapQuick ?? [];
const ngx = wall.ngx ?? [];
const n = median(node);
const c = median(check);
console.log(`node -e 0                                           median ${fmt(n)}`);
console.log(
  `check-lab solution --no-real-tools --format json    median ${fmt(c)}  = ${(c / n).toFixed(2)} x node (target <= 1.60 x: ${c / n <= 1.6 ? 'met' : 'NOT met'})`,
);
if (cpu.node?.length && cpu.check?.length) {
  const a = median(cpu.node);
  const b = median(cpu.check);
  console.log(
    `CPU time (user+sys, 10 ms resolution): node -e 0 ${fmt(a)}, check-lab --no-real-tools ${fmt(b)} = ${(b / a).toFixed(2)} x`,
  );
}
if (checkTools.length) {
  const ct = median(checkTools);
  const tools = Math.max(median(hap), median(ngx));
  const target = 1.6 * n + tools;
  console.log(
    `haproxy -c alone ${fmt(median(hap))} (as the checker runs it, without the HTTP client's CA store: ${fmt(median(hapQuick))}), nginx -t alone ${fmt(median(ngx))}`,
  );
  console.log(
    `check-lab solution with real tools --format json   median ${fmt(ct)}  (target <= 1.6 x node + max(tools) = ${fmt(target)}: ${ct <= target ? 'met' : 'NOT met'}; vs no-real-tools run + max(tools) = ${fmt(c + tools)})`,
  );
} else {
  console.log('real tools: haproxy or nginx not installed, not measured');
}

const c2 = median(wall.check2);
const c3 = median(wall.check3);
console.log(
  `lab 2 (secured-monitored) --no-real-tools            median ${fmt(c2)}  = ${(c2 / c).toFixed(2)} x lab 1 (target <= 1.30 x: ${c2 / c <= 1.3 ? 'met' : 'NOT met'})`,
);
console.log(`lab 3 (no-spof) --no-real-tools                      median ${fmt(c3)}  = ${(c3 / c).toFixed(2)} x lab 1`);
if (wall.check2Tools?.length && checkTools.length) {
  const ct = median(checkTools);
  const ct2 = median(wall.check2Tools);
  const ct3 = median(wall.check3Tools!);
  console.log(
    `lab 2 with real tools                                median ${fmt(ct2)}  = ${(ct2 / ct).toFixed(2)} x lab 1's (target <= 1.30 x: ${ct2 / ct <= 1.3 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `lab 3 with real tools (keepalived -t too)            median ${fmt(ct3)}  = ${(ct3 / ct).toFixed(2)} x lab 1's`,
  );
}
