/**
 * Nginx parser figures (`npm run bench -- nginx`):
 * - parse throughput (MB/s) on generated configs of 10,000 and 20,000 server blocks (~3 and ~6 MB):
 *   equal throughput at both sizes shows the cost is linear;
 * - parse + crossplane JSON in-process;
 * - whole-process time of `web-infra-lab parse --kind nginx FILE --format crossplane` (median of 5)
 *   next to `node -e 0`, when the parse command is built (dist/labs/node/commands/parse.js);
 * - adversarial 10 MB inputs (deep nesting, one huge quoted string, a million ";"), each < 1 s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseNginxText, toCrossplane, toCrossplaneJSON } from '../labs/core/parsers/nginx/index';

const root = path.resolve(__dirname, '..');

export function generateConfig(servers: number): string {
  const parts: string[] = ['user www-data;\nworker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n    sendfile on;\n    include /etc/nginx/mime.types;\n'];
  for (let i = 0; i < servers; i++) {
    parts.push(
      `    server {\n` +
        `        listen 80;\n` +
        `        server_name site${i}.example.com www.site${i}.example.com;\n` +
        `        root /var/www/site${i};  # document root\n` +
        `        location / {\n` +
        `            proxy_pass http://10.0.${(i >> 8) & 255}.${i & 255}:8080;\n` +
        `            proxy_set_header Host $host;\n` +
        `        }\n` +
        `        location ~ \\.(png|jpg)$ { expires 30d; }\n` +
        `    }\n`,
    );
  }
  parts.push('}\n');
  return parts.join('');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T, runs = 5): { ms: number; result: T } {
  let result!: T;
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), result };
}

const mb = (s: string) => Buffer.byteLength(s) / 1e6;

function main(): void {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wil-nginx-bench-'));
  try {
    // warm up the JIT on a small input so both sizes are measured hot
    for (let i = 0; i < 3; i++) parseNginxText('nginx.conf', generateConfig(2000));

    const sizes: Array<[number, string]> = [
      [10_000, generateConfig(10_000)],
      [20_000, generateConfig(20_000)],
    ];
    for (const [n, text] of sizes) {
      const parse = time(() => parseNginxText('nginx.conf', text));
      const all = time(() => toCrossplaneJSON(parseNginxText('nginx.conf', text)));
      const viaObjects = time(() => JSON.stringify(toCrossplane(parseNginxText('nginx.conf', text))));
      console.log(
        `nginx parse   ${String(n).padStart(6)} servers ${mb(text).toFixed(2)} MB: ${parse.ms.toFixed(1)} ms = ${(mb(text) / (parse.ms / 1000)).toFixed(1)} MB/s` +
          ` | parse + toCrossplaneJSON ${all.ms.toFixed(1)} ms (${(all.result.length / 1e6).toFixed(1)} MB of JSON; via JSON.stringify(toCrossplane()) ${viaObjects.ms.toFixed(1)} ms), in-process, median of 5`,
      );
    }

    // whole process
    const big = path.join(tmp, 'nginx.conf');
    writeFileSync(big, sizes[1][1]);
    const cli = path.join(root, 'dist/labs/cli/web-infra-lab.js');
    const parseCmd = path.join(root, 'dist/labs/node/commands/parse.js');
    const run = (args: string[]) => {
      const ts: number[] = [];
      let status: number | null = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
        ts.push(performance.now() - t0);
        status = r.status;
      }
      return { ms: median(ts), status };
    };
    const base = run(['-e', '0']);
    console.log(`node -e 0: ${base.ms.toFixed(0)} ms (median of 5)`);
    if (existsSync(cli) && existsSync(parseCmd)) {
      const r = run([cli, 'parse', '--kind', 'nginx', big, '--format', 'crossplane']);
      console.log(
        `whole process: web-infra-lab parse --kind nginx <${mb(sizes[1][1]).toFixed(1)} MB, 20,000 servers> --format crossplane > /dev/null: ` +
          `${r.ms.toFixed(0)} ms (median of 5, exit ${r.status}); target <= 152 ms (crossplane: ~3800 ms) -> ${(3800 / r.ms).toFixed(1)}x faster`,
      );
    } else {
      // the parse command is not built: time the same work in a fresh process through the core API
      const script = path.join(tmp, 'whole.js');
      writeFileSync(
        script,
        `const { parseNginxText, toCrossplane } = require(${JSON.stringify(path.join(root, 'dist/labs/core/parsers/nginx/index.js'))});\n` +
          `const fs = require('node:fs');\nconst t = fs.readFileSync(process.argv[2], 'utf8');\n` +
          `process.stdout.write(toCrossplaneJSON(parseNginxText('nginx.conf', t)));\n`,
      );
      if (existsSync(path.join(root, 'dist/labs/core/parsers/nginx/index.js'))) {
        const r = run([script, big]);
        console.log(
          `whole process (parse command not built yet; node + compiled core: read, parse, crossplane JSON, print): ${r.ms.toFixed(0)} ms (median of 5, exit ${r.status}); ` +
            `target <= 152 ms (crossplane: ~3800 ms) -> ${(3800 / r.ms).toFixed(1)}x faster`,
        );
      } else console.log('whole process: dist/ not built (run `npm run build:cli`), skipped');
    }

    // adversarial inputs, ~10 MB each
    const adversarial: Array<[string, string]> = [
      ['deep nesting (5M "{" then "}")', 'a {'.repeat(1_700_000) + '}'.repeat(1_700_000)],
      ['one huge quoted string', 'return 200 "' + 'x'.repeat(10_000_000) + '";\n'],
      ['a million ";" in 10 MB of comment', ';'.repeat(1_000_000) + '\n#' + 'z'.repeat(9_000_000) + '\n'],
      ['a million tiny directives', 'a;'.repeat(1_000_000) + '\n#' + 'z'.repeat(8_000_000) + '\n'],
      ['unterminated quote at the start', '"' + 'y '.repeat(5_000_000)],
      ['deep Lua block', 'content_by_lua_block {' + '{'.repeat(5_000_000) + '}'.repeat(5_000_001)],
    ];
    for (const [name, text] of adversarial) {
      const t = time(() => {
        const p = parseNginxText('nginx.conf', text);
        toCrossplaneJSON(p);
        return p.diagnostics.length;
      }, 1);
      console.log(`adversarial ${name}, ${mb(text).toFixed(1)} MB: ${t.ms.toFixed(0)} ms (${t.result} diagnostics) ${t.ms < 1000 ? 'OK (< 1 s)' : 'SLOW (>= 1 s)'}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
