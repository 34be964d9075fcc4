/**
 * Provisioning-script reconstruction: throughput on a large generated script at two sizes (cost
 * should grow linearly), and adversarial 10 MB inputs that must each finish under 1 s.
 * Run: npm run bench -- shell   (or: node -r ts-node/register/transpile-only bench/shell.bench.ts)
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseShell, reconstructScript } from '../labs/core/parsers/shell/index';

function block(i: number): string {
  return `# --- web-${i} ---
PORT_${i}=${8000 + (i % 1000)}
cat <<EOF | sudo tee /etc/nginx/sites-available/site-${i} > /dev/null
server {
    listen $PORT_${i};
    server_name web-${i}.example.com;
    root /var/www/site-${i};
    add_header X-Served-By \\$hostname;
    location / {
        proxy_pass http://127.0.0.1:$PORT_${i};
        proxy_set_header Host \\$host;
    }
}
EOF
sudo sed -i "s/listen $PORT_${i};/listen $PORT_${i} default_server;/" /etc/nginx/sites-available/site-${i}
echo "server web-${i} 10.0.${(i >> 8) & 255}.${i & 255}:80 check" | sudo tee -a /etc/haproxy/haproxy.cfg > /dev/null
printf '%s\\n' "# site ${i}" >> /etc/test/sites.list
sudo ln -sf /etc/nginx/sites-available/site-${i} /etc/nginx/sites-enabled/
`;
}

function script(bytes: number): string {
  const parts: string[] = ['#!/bin/bash\nset -e\n'];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const b = block(i);
    parts.push(b);
    n += b.length;
  }
  return parts.join('');
}

function time<T>(fn: () => T, runs = 3): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

const mb = (s: string): number => s.length / 1e6;

console.log('shell: lex+parse and full reconstruction (best of 3)');
for (const size of [1_000_000, 4_000_000]) {
  const s = script(size);
  const p = time(() => parseShell('bench.sh', s));
  const r = time(() => reconstructScript('bench.sh', s));
  console.log(
    `  generated script ${mb(s).toFixed(1)} MB (${s.split('\n').length} lines): parse ${p.ms.toFixed(0)} ms = ${(mb(s) / (p.ms / 1000)).toFixed(1)} MB/s; ` +
      `reconstruct ${r.ms.toFixed(0)} ms = ${(mb(s) / (r.ms / 1000)).toFixed(1)} MB/s; ${r.result.files.length} files, ${r.result.links.length} links, ${r.result.diagnostics.length} diagnostics`,
  );
}

const TEN = 10 * 1024 * 1024;
const conf = '    location /api { proxy_pass http://app; proxy_set_header Host example.com; }\n';
const adversarial: Array<[string, () => string]> = [
  [
    "10 MB quoted heredoc (<<'EOF')",
    () => "cat <<'EOF' > /etc/x\n" + conf.repeat(Math.floor(TEN / conf.length)) + 'EOF\n',
  ],
  [
    '10 MB unquoted heredoc, a $var every 40 bytes',
    () => 'cat <<EOF > /etc/x\n' + '    proxy_set_header Host $host;  # \\$x\n'.repeat(Math.floor(TEN / 40)) + 'EOF\n',
  ],
  ['10 MB single-quoted string', () => "echo '" + 'x'.repeat(TEN) + "' > /etc/x\n"],
  ['10 MB double-quoted string of escapes', () => 'echo "' + '\\"\\$'.repeat(TEN / 4) + '" > /etc/x\n'],
  [
    'deeply nested "$( ... )" (200,000 levels)',
    () => {
      const d = 200_000;
      return (
        'echo ' + '"$('.repeat(d) + 'x' + ')"'.repeat(d) + ' > /etc/x\n' + "echo '" + 'y'.repeat(TEN - 5 * d) + "'\n"
      );
    },
  ],
  [
    'deeply nested { ( if (100,000 levels)',
    () =>
      '{ ( if true; then '.repeat(100_000) +
      'echo x > /etc/x' +
      '; fi ) }'.repeat(100_000) +
      "\necho '" +
      'z'.repeat(TEN - 2_700_000) +
      "'\n",
  ],
  [
    '1 million ; then a 9 MB string',
    () => 'echo a' + ';'.repeat(1_000_000) + "\necho '" + 'w'.repeat(TEN - 1_000_010) + "' > /etc/x\n",
  ],
  [
    'sed -i over a 5 MB file',
    () =>
      "cat <<'EOF' > /etc/x\n" +
      'listen 80;\n'.repeat(Math.floor(TEN / 2 / 11)) +
      "EOF\nsed -i 's/80/8080/g;/listen/a x' /etc/x\n",
  ],
];
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
console.log(
  `shell: adversarial inputs, reconstructScript end to end (target: each under 1 s); load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores`,
);
for (const [name, gen] of adversarial) {
  const s = gen();
  const c0 = cpu();
  const r = time(() => reconstructScript('adv.sh', s), 1);
  const c = cpu() - c0;
  console.log(
    `  ${name}: ${mb(s).toFixed(1)} MB in ${r.ms.toFixed(0)} ms wall, ${c.toFixed(0)} ms CPU ${r.ms < 1000 ? 'OK' : c < 1000 ? '(over 1 s wall, under 1 s CPU: machine busy)' : 'OVER 1 s'} (${r.result.diagnostics.length} diagnostics, ${r.result.files.length} files)`,
  );
}
