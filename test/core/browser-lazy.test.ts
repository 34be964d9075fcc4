/**
 * What a browser bundle loads on demand. The check catalogue (labs/core/checks/index.browser.ts, the playground worker's): it starts with lab
 * 1's and the shared checks, loads a later lab's pack when asked to check that lab, and once every pack is in, it
 * is the CLI's catalogue (labs/core/checks/index.ts). Bundled with a chunk per pack, as the site bundles it, and run
 * in a child process, so that the catalogue is the browser module's own (one registry per process).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../labs/core/checks/index';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';

const root = join(__dirname, '..', '..');
const specIds = (lab: string): string[] =>
  (
    JSON.parse(readFileSync(join(root, 'labs', 'specs', lab, 'spec.snapshot.json'), 'utf8')) as {
      spec: { checks: Array<{ id: string }> };
    }
  ).spec.checks.map((c) => c.id);

// the module bundled as the site bundles it (esbuild here: ESM with a chunk per pack), then run in Node
const ENTRY = `
import { readFileSync } from 'node:fs';
import * as b from ${JSON.stringify(join(root, 'labs', 'core', 'checks', 'index.browser.ts'))};
const lab = (id) => ({ id, checks: JSON.parse(readFileSync(${JSON.stringify(join(root, 'labs', 'specs'))} + '/' + id + '/spec.snapshot.json', 'utf8')).spec.checks });
const ids = () => b.checks.map((c) => c.meta.id);
const out = { start: ids() };
out.lab1 = await b.loadChecksFor(lab('distributed-web'));
out.afterLab1 = ids();
out.lab2 = await b.loadChecksFor(lab('secured-monitored'));
out.afterLab2 = ids();
out.borrowed = await b.loadChecksFor({ id: 'my-lab', checks: [{ id: 'keepalived/one-master' }, { id: 'nope/none' }] });
out.afterBorrowed = ids();
out.statics = b.staticChecks.map((c) => c.meta.id);
process.stdout.write(JSON.stringify(out));
`;

/**
 * Bundles `source` as the client build bundles the worker (ESM, a chunk per dynamic import, the two browser modules
 * swapped in as docusaurus.config.ts swaps them), runs it in Node with `args`, and returns what it printed and the
 * inputs of the entry chunk.
 */
async function bundleAndRun(
  source: string,
  args: string[] = [],
): Promise<{ out: Record<string, unknown>; entryInputs: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'wil-browser-'));
  try {
    writeFileSync(join(dir, 'entry.mjs'), source);
    const r = await build({
      entryPoints: [join(dir, 'entry.mjs')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      outdir: join(dir, 'out'),
      outExtension: { '.js': '.mjs' },
      logLevel: 'error',
      metafile: true,
      plugins: [
        {
          name: 'browser-modules',
          setup(b) {
            b.onResolve({ filter: /(^|[\\/])checks[\\/]index(\.ts)?$/ }, () => ({
              path: join(root, 'labs', 'core', 'checks', 'index.browser.ts'),
            }));
            b.onResolve({ filter: /(^|[\\/])script-support(\.ts)?$/ }, () => ({
              path: join(root, 'labs', 'core', 'model', 'script-support.browser.ts'),
            }));
          },
        },
      ],
    });
    const out = JSON.parse(
      execFileSync(process.execPath, [join(dir, 'out', 'entry.mjs'), ...args], { encoding: 'utf8' }),
    );
    const entry = Object.entries(r.metafile.outputs).find(([, o]) => o.entryPoint)![1];
    return { out, entryInputs: Object.keys(entry.inputs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the browser catalogue loads a lab’s checks when it checks that lab', () => {
  let run: Record<string, string[]> = {};
  beforeAll(async () => {
    const { out, entryInputs } = await bundleAndRun(ENTRY);
    // which chunk each pack went to: not the entry's
    run = { ...(out as Record<string, string[]>), inEntry: entryInputs.filter((i) => /checks\/packs\//.test(i)) };
  });
  const lab1 = specIds('distributed-web');
  const lab2 = specIds('secured-monitored');
  const lab3 = specIds('no-spof');

  it("starts with lab 1's checks and none that only a later lab lists; the packs are chunks of their own", () => {
    expect(run.inEntry).toEqual([]);
    expect(run.start).toEqual(expect.arrayContaining(lab1));
    const later = [...lab2, ...lab3].filter((id) => !lab1.includes(id));
    expect(later.length).toBeGreaterThan(30);
    expect(run.start.filter((id) => later.includes(id))).toEqual([]);
    expect(run.lab1).toEqual([]);
    expect(run.afterLab1).toEqual(run.start);
  });

  it("checking lab 2 loads lab 2's pack only", () => {
    expect(run.lab2).toEqual([]);
    expect(run.afterLab2).toEqual(expect.arrayContaining(lab2));
    expect(run.afterLab2).not.toContain('keepalived/one-master');
  });

  it('a lab that borrows another lab’s check loads every pack, and names what no pack has', () => {
    expect(run.borrowed).toEqual(['nope/none']);
    expect(run.afterBorrowed).toEqual(expect.arrayContaining(lab3));
  });

  it("with every pack in, it is the CLI's catalogue", () => {
    expect([...run.afterBorrowed].sort()).toEqual(checks.map((c) => c.meta.id).sort());
    expect([...run.statics].sort()).toEqual(
      checks
        .filter((c) => c.meta.kind === 'static')
        .map((c) => c.meta.id)
        .sort(),
    );
  });
});

// The shell interpreter in a browser bundle (labs/core/model/script-support.browser.ts): a model built before it
// is in marks it wanted; once loaded, the model is the CLI's.
const SCRIPT_ENTRY = `
import { readFileSync } from 'node:fs';
import { buildModel } from ${JSON.stringify(join(root, 'labs', 'core', 'model', 'build.ts'))};
import { MemoryTree } from ${JSON.stringify(join(root, 'labs', 'core', 'vfs.ts'))};
import * as s from ${JSON.stringify(join(root, 'labs', 'core', 'model', 'script-support.ts'))};
const lab = JSON.parse(readFileSync(${JSON.stringify(join(root, 'labs', 'specs', 'distributed-web', 'spec.snapshot.json'))}, 'utf8')).spec;
const files = JSON.parse(process.argv[2]);
const view = (m) => m.files.map((f) => [f.path, f.kind, f.fromScript ?? null, f.target ?? null, f.source.text.length]);
const out = { wantedAtStart: s.scriptSupportWanted() };
out.before = view(buildModel(new MemoryTree(files), lab));
out.wanted = s.scriptSupportWanted();
await s.loadScriptSupport();
out.wantedAfter = s.scriptSupportWanted();
out.after = view(buildModel(new MemoryTree(files), lab));
process.stdout.write(JSON.stringify(out));
`;

const ANSWER: Record<string, string> = {
  'lb-01/install.sh': [
    '#!/usr/bin/env bash',
    'sudo apt-get install -y haproxy',
    'sudo tee /etc/haproxy/haproxy.cfg <<EOF',
    'frontend www',
    '    bind *:80',
    '    mode http',
    '    default_backend web',
    'backend web',
    '    balance roundrobin',
    '    server web-01 10.0.0.11:80 check',
    '    server web-02 10.0.0.12:80 check',
    'EOF',
    '',
  ].join('\n'),
  // installs nginx and writes nothing: the package's own default site is what runs
  'web-01/setup.sh': '#!/bin/bash\napt-get update && apt-get install -y nginx\n',
};

describe('the browser loads the shell interpreter when an answer holds a script', () => {
  let run: Record<string, unknown> = {};
  beforeAll(async () => {
    const { out, entryInputs } = await bundleAndRun(SCRIPT_ENTRY, [JSON.stringify(ANSWER)]);
    run = { ...out, shellInEntry: entryInputs.filter((i) => /parsers\/shell\/(lexer|interp|reconstruct)/.test(i)) };
  });

  it('the interpreter is a chunk of its own, not in the entry', () => {
    expect(run.shellInEntry).toEqual([]);
  });

  it('a model built before it is in marks it wanted; loaded, the model is what the CLI builds', () => {
    expect(run.wantedAtStart).toBe(false);
    expect(run.wanted).toBe(true);
    expect(run.wantedAfter).toBe(false);
    const cli = buildModel(new MemoryTree(ANSWER), loadLab('distributed-web'));
    const view = cli.files.map((f) => [f.path, f.kind, f.fromScript ?? null, f.target ?? null, f.source.text.length]);
    expect(run.after).toEqual(view);
    // what the scripts write: HAProxy's config, and the stock nginx default site
    expect(view.map((v) => v[3])).toEqual(
      expect.arrayContaining(['/etc/haproxy/haproxy.cfg', '/etc/nginx/sites-available/default']),
    );
    expect(run.before).not.toEqual(view);
  });
});
