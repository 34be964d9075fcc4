/**
 * The bin's start-up path (labs/cli/web-infra-lab.ts): the one-file bundle compiled with a V8 code
 * cache, and the compiled modules (run.js) it falls back to. Whatever the path, the output is the same.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, ROOT } from '../cli-build';

const SOL = join(ROOT, 'labs/specs/distributed-web/solution');
const STARTER = join(ROOT, 'labs/specs/distributed-web/examples/starter');
const cacheDir = mkdtempSync(join(tmpdir(), 'wil-bin-cache-'));
const cacheFile = join(cacheDir, 'cli.bundle.check.v8cache');
let bin = '';

beforeAll(() => {
  bin = ensureCliBuilt();
}, 300_000);
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function run(file: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [file, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', WEB_INFRA_LAB_CACHE_DIR: cacheDir, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** A JSON report without its timings. */
const report = (s: string) => JSON.stringify(JSON.parse(s), (k, v) => (k === 'durationMs' ? undefined : v));

describe('the bin', () => {
  it('writes its code cache after a run that had none, then uses it, with the same output', () => {
    rmSync(cacheFile, { force: true });
    const first = run(bin, ['check', STARTER, '--no-real-tools', '--format', 'json']);
    expect(first.code, first.stderr).toBe(1);
    expect(existsSync(cacheFile)).toBe(true);
    const written = statSync(cacheFile).mtimeMs;
    const second = run(bin, ['check', STARTER, '--no-real-tools', '--format', 'json']);
    expect(second.code).toBe(1);
    expect(report(second.stdout)).toBe(report(first.stdout));
    expect(statSync(cacheFile).mtimeMs).toBe(written); // accepted, not rewritten
  });

  it('a damaged or foreign cache is ignored (V8 refuses it) and replaced', () => {
    const good = run(bin, ['check', SOL, '--no-real-tools', '--format', 'json']);
    const buf = readFileSync(cacheFile);
    const n = buf.readUInt32LE(0);
    writeFileSync(cacheFile, Buffer.concat([buf.subarray(0, 4 + n), Buffer.alloc(buf.length - 4 - n, 7)]));
    const r = run(bin, ['check', SOL, '--no-real-tools', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(report(r.stdout)).toBe(report(good.stdout));
    expect(
      readFileSync(cacheFile)
        .subarray(4 + n)
        .every((b) => b === 7),
    ).toBe(false);
    writeFileSync(cacheFile, 'not a cache');
    expect(report(run(bin, ['check', SOL, '--no-real-tools', '--format', 'json']).stdout)).toBe(report(good.stdout));
  });

  it('one cache per command, and none written by --help or a usage error', () => {
    rmSync(cacheDir, { recursive: true, force: true });
    run(bin, ['check', '--help']);
    run(bin, ['check', '--bogus']);
    expect(existsSync(cacheFile)).toBe(false);
    run(bin, ['parse', '--kind', 'nginx', join(SOL, 'web-01/default'), '--format', 'crossplane']);
    expect(existsSync(join(cacheDir, 'cli.bundle.parse.v8cache'))).toBe(true);
    expect(existsSync(cacheFile)).toBe(false);
    run(bin, ['check', SOL, '--no-real-tools', '--format', 'json']);
    expect(existsSync(cacheFile)).toBe(true);
  });

  it('WEB_INFRA_LAB_NO_CACHE=1 neither reads nor writes a cache', () => {
    rmSync(cacheFile, { force: true });
    const r = run(bin, ['check', SOL, '--no-real-tools', '--format', 'json'], { WEB_INFRA_LAB_NO_CACHE: '1' });
    expect(r.code).toBe(0);
    expect(existsSync(cacheFile)).toBe(false);
  });

  it('the compiled modules (run.js, used when no bundle was built) give the same reports', () => {
    const runJs = join(ROOT, 'dist/labs/cli/run.js');
    for (const dir of [SOL, STARTER]) {
      const a = run(bin, ['check', dir, '--no-real-tools', '--format', 'json']);
      const b = run(runJs, ['check', dir, '--no-real-tools', '--format', 'json']);
      expect(b.code).toBe(a.code);
      expect(report(b.stdout)).toBe(report(a.stdout));
    }
  });

  it('grading runs from the bundle; live mode is a separate file the bundle requires (no import() left in it)', () => {
    const g = run(bin, ['grade', '--help']);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/grade/);
    const bundle = readFileSync(join(ROOT, 'dist/labs/node/cli.bundle.js'), 'latin1');
    expect(bundle).not.toMatch(/\bimport\((?!\))/);
    expect(bundle).toContain('require("./live/index.js")');
  });

  it('a bundle older than the last tsc run is not used (the compiled modules run instead)', () => {
    // A copy of the project's dist/ beside links to its package.json, labs/ and node_modules/.
    const root = mkdtempSync(join(tmpdir(), 'wil-bin-stale-'));
    try {
      for (const f of ['package.json', 'labs', 'node_modules']) symlinkSync(join(ROOT, f), join(root, f));
      cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
      const copyBin = join(root, 'dist/labs/cli/web-infra-lab.js');
      appendFileSync(join(root, 'dist/labs/node/cli.bundle.js'), '\nprocess.stderr.write("[from the bundle]");\n');
      const fresh = run(copyBin, ['--version'], { WEB_INFRA_LAB_NO_CACHE: '1' });
      expect(fresh.stderr).toContain('[from the bundle]');
      const later = new Date(Date.now() + 5000);
      utimesSync(join(root, 'dist/.tsbuildinfo'), later, later);
      const stale = run(copyBin, ['--version'], { WEB_INFRA_LAB_NO_CACHE: '1' });
      expect(stale.code).toBe(0);
      expect(stale.stdout).toBe(fresh.stdout);
      expect(stale.stderr).not.toContain('[from the bundle]');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a usage error is one line and a hint from every command, including those whose code is outside the bundle', () => {
    const out = mkdtempSync(join(tmpdir(), 'wil-bin-usage-'));
    try {
      for (const args of [
        ['check', '--bogus'],
        ['parse', '--bogus'],
        ['grade', '--bogus'],
        ['grade', '--lab', 'nope', SOL, '--out', out],
      ]) {
        const r = run(bin, args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr, args.join(' ')).not.toMatch(/internal error/);
        expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(2);
        expect(r.stderr).toMatch(/^hint: /m);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('UsageError is recognised across two copies of its module (the bundle and an on-demand file)', () => {
    const file = join(ROOT, 'dist/labs/node/io.js');
    const first = require(file) as typeof import('../../labs/node/io');
    delete require.cache[require.resolve(file)];
    const second = require(file) as typeof import('../../labs/node/io');
    expect(second.UsageError).not.toBe(first.UsageError);
    expect(new second.UsageError('x', 'h') instanceof first.UsageError).toBe(true);
    expect(new Error('x') instanceof first.UsageError).toBe(false);
    expect(Object.assign(new Error('x'), { name: 'UsageError' }) instanceof first.UsageError).toBe(false);
  });
});
