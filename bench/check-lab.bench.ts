/**
 * `check-lab` on the reference solution, whole process, beside `node -e 0` measured in the same
 * run (interleaved, so machine load hits both alike). Median of 10 each.
 *   1. --no-real-tools --format json          target: <= 1.6 x node's start-up
 *   2. with the real tools (haproxy -c, nginx -t, run concurrently)
 *                                              target: <= (1) + max(haproxy -c alone, nginx -t alone)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, HTTPCLIENT_OFF } from '../labs/node/realtools';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'dist/labs/cli/web-infra-lab.js');
const SOL = join(ROOT, 'labs/specs/distributed-web/solution');
const N = 10;

const TIME = '/usr/bin/time';
const cpu: Record<string, number[]> = {};

/** Wall time of one whole process; with /usr/bin/time, its CPU time (user+sys) too, less sensitive to other load. */
function time(cmd: string, args: string[], label?: string): number {
  const useTime = label !== undefined && existsSync(TIME);
  const t = process.hrtime.bigint();
  const r = useTime
    ? spawnSync(TIME, ['-f', 'CPU %U %S', cmd, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' })
    : spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = useTime ? /CPU ([\d.]+) ([\d.]+)/.exec(String(r.stderr)) : null;
  if (m && label) (cpu[label] ??= []).push((Number(m[1]) + Number(m[2])) * 1000);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const node: number[] = [];
const check: number[] = [];
const checkTools: number[] = [];
const hap: number[] = [];
const hapQuick: number[] = [];
const ngx: number[] = [];
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

try {
  time(process.execPath, [BIN, 'check', SOL, '--no-real-tools', '--format', 'json']); // warm the page cache
  for (let i = 0; i < N; i++) {
    node.push(time(process.execPath, ['-e', '0'], 'node'));
    check.push(time(process.execPath, [BIN, 'check', SOL, '--no-real-tools', '--format', 'json'], 'check'));
    if (haproxy && nginx) {
      checkTools.push(time(process.execPath, [BIN, 'check', SOL, '--format', 'json']));
      hap.push(time(haproxy, ['-q', '-c', '-f', join(work, 'haproxy.cfg')]));
      hapQuick.push(time(haproxy, ['-q', '-c', '-f', join(work, 'haproxy-quick.cfg')]));
      ngx.push(time(nginx, ['-q', '-t', '-p', work + '/', '-e', join(work, 'error.log'), '-c', join(work, 'nginx.conf')]));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const n = median(node);
const c = median(check);
console.log(`node -e 0                                           median ${fmt(n)}`);
console.log(`check-lab solution --no-real-tools --format json    median ${fmt(c)}  = ${(c / n).toFixed(2)} x node (target <= 1.60 x: ${c / n <= 1.6 ? 'met' : 'NOT met'})`);
if (cpu.node?.length && cpu.check?.length) {
  const a = median(cpu.node);
  const b = median(cpu.check);
  console.log(`CPU time (user+sys, 10 ms resolution): node -e 0 ${fmt(a)}, check-lab --no-real-tools ${fmt(b)} = ${(b / a).toFixed(2)} x`);
}
if (checkTools.length) {
  const ct = median(checkTools);
  const tools = Math.max(median(hap), median(ngx));
  const target = 1.6 * n + tools;
  console.log(`haproxy -c alone ${fmt(median(hap))} (as the checker runs it, without the HTTP client's CA store: ${fmt(median(hapQuick))}), nginx -t alone ${fmt(median(ngx))}`);
  console.log(`check-lab solution with real tools --format json   median ${fmt(ct)}  (target <= 1.6 x node + max(tools) = ${fmt(target)}: ${ct <= target ? 'met' : 'NOT met'}; vs no-real-tools run + max(tools) = ${fmt(c + tools)})`);
} else {
  console.log('real tools: haproxy or nginx not installed, not measured');
}
