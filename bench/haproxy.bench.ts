// HAProxy parser benchmark: throughput on generated configs at two sizes (cost must grow
// linearly), and adversarial 10 MB inputs that must each parse in under 1 s of CPU time.
// Times are CPU time of this process (the lab machines run many jobs at once, so wall time is
// shown too but is not the figure judged).
// Run: npm run bench -- haproxy   (or: node -r ts-node/register/transpile-only bench/haproxy.bench.ts)
import { parseHaproxy } from '../labs/core/parsers/haproxy';

const MB = 1024 * 1024;

/** A realistic config: global, defaults, one frontend per 20 backends, backends with many servers. */
function generate(targetBytes: number): string {
  const parts: string[] = [
    'global\n    log /dev/log local0\n    maxconn 50000\n    user haproxy\n    group haproxy\n    daemon\n\n',
    'defaults\n    mode http\n    option httplog\n    timeout connect 5s\n    timeout client 50s\n    timeout server 50s\n\n',
  ];
  let size = parts.join('').length;
  for (let b = 0; size < targetBytes; b++) {
    let s = '';
    if (b % 20 === 0) {
      s += `frontend fe-${b}\n    bind *:${8000 + (b % 1000)}\n    acl is_api path_beg /api "/v1 beta" '/v2#x'\n`;
      s += `    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n    use_backend be-${b + 1} if is_api\n    default_backend be-${b}\n\n`;
    }
    s += `# backend ${b}\nbackend be-${b}\n    balance roundrobin\n    option httpchk GET /health\n    timeout server 30s\n`;
    for (let i = 0; i < 40; i++)
      s += `    server web-${b}-${i} 10.${b % 250}.${i}.${(i * 7) % 250}:80 check inter 2s rise 2 fall 3 weight ${i + 1} # rack ${i % 4}\n`;
    s += '\n';
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

/** CPU time (user + system) of this process in ms: the machines are shared, so wall time is noisy. */
function cpuMs(fn: () => void): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - w0 };
}

/** Best (least noisy) and median CPU time, and best wall time, of `runs` runs after a warm-up. */
function time(fn: () => void, runs: number): { cpu: number; median: number; wall: number } {
  for (let i = 0; i < 3; i++) fn(); // warm-up (JIT)
  const ts: Array<{ cpu: number; wall: number }> = [];
  for (let i = 0; i < runs; i++) ts.push(cpuMs(fn));
  const cpus = ts.map((t) => t.cpu).sort((a, b) => a - b);
  return { cpu: cpus[0], median: cpus[Math.floor(cpus.length / 2)], wall: Math.min(...ts.map((t) => t.wall)) };
}

const sizes = [2 * MB, 4 * MB];
const rates: number[] = [];
for (const target of sizes) {
  const text = generate(target);
  let lines = 0;
  let servers = 0;
  const t = time(() => {
    const r = parseHaproxy('bench.cfg', text);
    if (r.diagnostics.some((d) => d.severity === 'error'))
      throw new Error(`generated config has errors: ${r.diagnostics[0].message}`);
    lines = r.ast.lineCount ?? 0;
    servers = r.ast.sections.reduce((n, s) => n + s.lines.filter((l) => l.keyword === 'server').length, 0);
  }, 7);
  const mb = text.length / MB;
  rates.push(mb / (t.cpu / 1000));
  console.log(
    `haproxy parse ${mb.toFixed(2)} MB (${lines} lines, ${servers} server lines): ${t.cpu.toFixed(0)} ms CPU = ${(mb / (t.cpu / 1000)).toFixed(1)} MB/s ` +
      `(best of 7; median ${t.median.toFixed(0)} ms; best wall ${t.wall.toFixed(0)} ms = ${(mb / (t.wall / 1000)).toFixed(1)} MB/s)`,
  );
}
console.log(
  `haproxy linearity: throughput at ${sizes[1] / MB} MB is ${((rates[1] / rates[0]) * 100).toFixed(0)}% of the throughput at ${sizes[0] / MB} MB (100% = linear)`,
);

const adversarial: Array<[string, string]> = [
  ['one 10 MB quoted string', `frontend f\n    http-request set-header X-Big "${'a'.repeat(10 * MB)}"\n`],
  ['one 10 MB line of 5M words (haproxy refuses > 64 words)', `frontend f\n    acl x${' w'.repeat(5 * MB)}\n`],
  ['1M comment lines (10 MB)', '#########\n'.repeat(MB)],
  ['10 MB unterminated quote', `frontend f\n    acl x "${'b'.repeat(10 * MB)}\n`],
  ['10 MB of backslash escapes', `frontend f\n    acl x ${'\\ '.repeat(5 * MB)}\n`],
  ['10M blank lines in a section', 'global\n' + '\n'.repeat(10 * MB)],
];
let failed = false;
for (const [name, text] of adversarial) {
  let n = 0;
  const t = cpuMs(() => {
    n = parseHaproxy('adversarial.cfg', text).diagnostics.length;
  });
  const ok = t.cpu < 1000;
  if (!ok) failed = true;
  console.log(
    `haproxy adversarial: ${name} (${(text.length / MB).toFixed(1)} MB): ${t.cpu.toFixed(0)} ms CPU ${ok ? '(< 1 s, ok)' : '(OVER 1 s)'}, wall ${t.wall.toFixed(0)} ms; ${n} diagnostic(s)`,
  );
}
if (failed) process.exitCode = 1;
