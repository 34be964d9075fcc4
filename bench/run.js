#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in turn (CommonJS, transpiled by ts-node) and prints its figures.
// Each bench prints its own lines; this runner adds a header per bench and the machine it ran on.
'use strict';
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dir = __dirname;
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
console.log(
  `web-infra-lab benchmarks: node ${process.version}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${new Date().toISOString()}`,
);
let failed = 0;
for (const f of benches) {
  console.log(`\n## ${f.replace(/\.bench\.ts$/, '')}`);
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(dir, f)], {
    stdio: 'inherit',
    cwd: path.join(dir, '..'),
    env: {
      ...process.env,
      TS_NODE_PROJECT: path.join(dir, '..', 'tsconfig.json'),
      WEB_INFRA_LAB_BENCH_ONLY: only.join(','),
    },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`(${f} failed with exit code ${r.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
