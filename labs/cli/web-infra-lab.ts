#!/usr/bin/env node
/**
 * The `web-infra-lab` bin: starts the CLI as fast as Node allows.
 *
 * Most of a short run (`check` on one submission takes ~50 ms beyond Node's own start-up) used to be
 * loading ~80 compiled modules: resolving each path, reading and compiling each file. So `npm run
 * build:cli` also writes one bundle of the modules every command needs (dist/labs/node/cli.bundle.js,
 * by scripts/bundle-cli.js; the rarely used parts, live mode, grading and the spec validator, stay
 * separate files it loads on demand), and this bin compiles it with a V8 code cache: the bytecode V8
 * made on an earlier run, kept in node_modules/.cache/web-infra-lab/, so the functions a run needs
 * are not parsed and compiled again (one cache per command, written after a real run, not --help). The
 * cache is keyed by the bundle's size and modification time,
 * Node's version and architecture (V8 also refuses data from another V8 or other flags); it is written
 * atomically after a run that had none, and skipped when not writable or with WEB_INFRA_LAB_NO_CACHE=1
 * (WEB_INFRA_LAB_CACHE_DIR puts it elsewhere).
 * Without a bundle, or with one older than the last `tsc` run, the bin loads the compiled modules (./run.js).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

// Answers are untrusted: a `sed` or `grep` pattern from a learner's script runs over file text, and a pattern
// like `\(a*\)*b` backtracks for ever on a line of a's. V8 then switches to its linear-time engine (patterns
// without back-references), before any such pattern is compiled. Set on every run, so the code cache below
// always sees the same flags.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

const BUNDLE = join(__dirname, '..', 'node', 'cli.bundle.js');
/** Written by every `tsc -p tsconfig.build.json` (incremental). */
const BUILD_INFO = join(__dirname, '..', '..', '.tsbuildinfo');
const CACHE_DIR =
  process.env.WEB_INFRA_LAB_CACHE_DIR || join(__dirname, '..', '..', '..', 'node_modules', '.cache', 'web-infra-lab');

interface NodeModule {
  new (
    id: string,
    parent?: unknown,
  ): { filename: string; paths: string[]; exports: unknown; require(id: string): unknown };
  wrap(code: string): string;
  _nodeModulePaths(dir: string): string[];
}

function start(): void {
  let code: string;
  let key: string;
  try {
    const st = statSync(BUNDLE);
    // A bundle older than the last `tsc` run (someone ran tsc alone) would run old code: use the modules.
    if (st.mtimeMs < statSync(BUILD_INFO).mtimeMs) throw new Error('stale bundle');
    // The bundle is ASCII (esbuild escapes everything else; scripts/bundle-cli.js checks), so latin1 is exact and cheapest.
    code = readFileSync(BUNDLE, 'latin1');
    key = `${process.version} ${process.arch} ${st.size} ${st.mtimeMs}`;
  } catch {
    require('./run');
    return;
  }
  const Module = require('node:module') as NodeModule;
  const vm = require('node:vm') as typeof import('node:vm');
  const useCache = process.env.WEB_INFRA_LAB_NO_CACHE !== '1';
  // One cache per command: V8 caches the functions that ran, and a cache made by `parse` would leave most
  // of `check` to be compiled again (and the other way round).
  const cmd = process.argv[2];
  const slot = cmd === 'check' || cmd === 'parse' || cmd === 'grade' ? cmd : 'other';
  const cacheFile = join(CACHE_DIR, `cli.bundle.${slot}.v8cache`);
  let cached: Buffer | undefined;
  if (useCache) {
    try {
      const buf = readFileSync(cacheFile);
      const n = buf.readUInt32LE(0);
      if (buf.subarray(4, 4 + n).toString('latin1') === key) cached = buf.subarray(4 + n);
    } catch {
      /* no cache yet: compile normally */
    }
  }
  // (The bundle has no import(): scripts/bundle-cli.js turns the on-demand ones into require().)
  const script = new vm.Script(Module.wrap(code), { filename: BUNDLE, cachedData: cached });
  if (useCache && (cached === undefined || script.cachedDataRejected)) {
    process.once('exit', (status) => {
      // Only after a real run (a usage error or --help compiles little, and would make a poor cache).
      if ((status !== 0 && status !== 1) || process.argv.some((a) => a === '--help' || a === '-h' || a === '--version'))
        return;
      try {
        const data = script.createCachedData();
        const head = Buffer.from(key, 'latin1');
        const len = Buffer.alloc(4);
        len.writeUInt32LE(head.length);
        mkdirSync(CACHE_DIR, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([len, head, data]));
        renameSync(tmp, cacheFile);
      } catch {
        /* read-only checkout or full disk: run without a cache */
      }
    });
  }
  const mod = new Module(BUNDLE, module);
  mod.filename = BUNDLE;
  mod.paths = Module._nodeModulePaths(dirname(BUNDLE));
  const req = Object.assign((id: string) => mod.require(id), { main: require.main });
  const fn = script.runInThisContext() as (...a: unknown[]) => void;
  fn.call(mod.exports, mod.exports, req, mod, BUNDLE, dirname(BUNDLE));
}

start();
