#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/, from `tsc -p tsconfig.build.json`) into one file,
 * dist/labs/node/cli.bundle.js, that the bin (labs/cli/web-infra-lab.ts) compiles with a V8 code
 * cache: one file to read and no module resolution at start-up. Part of `npm run build:cli`.
 *
 * What a command needs on every run is inside (the commands, the engine, the parsers, the checks, the
 * report formats, real-tool runs). What only some runs need stays a separate file that the bundle
 * requires on demand, by a path relative to the bundle's folder (it sits in dist/labs/node, beside
 * the modules that require them): live mode, the spec validator (used only when a lab's snapshot is
 * stale) and the npm packages (yaml, zod). Those files hold their own copies of the modules they share
 * with the bundle, so nothing may depend on class identity across that line (UsageError is branded).
 *
 * Then a `check` run on the reference solution and a `parse` of one of its files write the code caches
 * (one per command), so a learner's first run already starts warm (a later run writes them again if Node
 * changes).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist', 'labs');
const outdir = path.join(dist, 'node');
const outfile = path.join(outdir, 'cli.bundle.js');

/** Loaded on demand, not bundled. */
const SEPARATE = [
  /\/dist\/labs\/node\/live\//,
  // (grading is inside: its worker thread loads dist/labs/node/grade/worker.js by path, with its own modules)
  /\/dist\/labs\/node\/specs\.js$/,
  /\/node_modules\//,
];

async function main() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(dist, 'cli', 'run.js')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [
      {
        name: 'separate-files',
        setup(build) {
          // A dynamic import() of a separate file becomes a require(): the bin compiles the bundle with
          // vm.Script (for the code cache), whose import() needs a callback Node 20 does not honour.
          build.onLoad({ filter: /[\\/]dist[\\/]labs[\\/]node[\\/][^\\/]+\.js$/ }, (args) => {
            const src = readFileSync(args.path, 'utf8');
            const out = src.replace(
              /\bimport\((['"])(\.\/live\/[^'"]+)\1\)/g,
              'Promise.resolve().then(() => require($1$2$1))',
            );
            return out === src ? undefined : { contents: out, loader: 'js' };
          });
          build.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
            let abs;
            try {
              abs = require.resolve(args.path, { paths: [args.resolveDir] });
            } catch {
              return undefined; // let esbuild report it
            }
            if (!SEPARATE.some((re) => re.test(abs))) return undefined;
            if (abs.includes(`${path.sep}node_modules${path.sep}`)) return { path: args.path, external: true };
            let rel = path.relative(outdir, abs).split(path.sep).join('/');
            if (!rel.startsWith('.')) rel = `./${rel}`;
            return { path: rel, external: true };
          });
        },
      },
    ],
  });
  const text = readFileSync(outfile);
  if (text.some((b) => b > 127)) throw new Error(`${outfile} is not ASCII (the bin reads it as latin1)`);
  const dynamic = /\bimport\((?!\))/.exec(text.toString('latin1'));
  if (dynamic)
    throw new Error(`${outfile} still has a dynamic import() (at offset ${dynamic.index}): the bin cannot run it`);
  const out =
    result.metafile.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(result.metafile.outputs)[0];
  process.stdout.write(
    `bundled ${Object.keys(out.inputs).length} modules into ${path.relative(root, outfile)} (${Math.round(text.length / 1024)} KB)\n`,
  );

  // Warm the code cache with a real run (a failure here is not a build failure: the bin works without it).
  rmSync(path.join(root, 'node_modules', '.cache', 'web-infra-lab'), { recursive: true, force: true });
  const bin = path.join(dist, 'cli', 'web-infra-lab.js');
  const solution = path.join(root, 'labs', 'specs', 'distributed-web', 'solution');
  const env = { ...process.env, WEB_INFRA_LAB_NO_CACHE: '' };
  spawnSync(process.execPath, [bin, 'check', solution, '--no-real-tools', '--format', 'json'], {
    stdio: 'ignore',
    env,
    timeout: 60_000,
  });
  spawnSync(
    process.execPath,
    [bin, 'parse', '--kind', 'nginx', path.join(solution, 'web-01', 'default'), '--format', 'crossplane'],
    { stdio: 'ignore', env, timeout: 60_000 },
  );
}

main().catch((err) => {
  process.stderr.write(`bundle-cli: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
