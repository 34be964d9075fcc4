/**
 * reconstructScript against the real thing: every case runs with bash (and GNU sed) in a temporary
 * copy of the Debian 12 stock files, and the files bash leaves behind must equal the reconstruction,
 * byte for byte, including removed files and symbolic links.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_NAME_SYMBOL, reconstructScript, type ReconstructedFile } from '../../../labs/core/parsers/shell/index';

/** The symbol means "this host's name": here, the name bash and `hostname` give on this machine. */
const onThisHost = (f: ReconstructedFile): ReconstructedFile => ({
  ...f,
  target: f.target.split(HOST_NAME_SYMBOL).join(os.hostname()),
  text: f.text.split(HOST_NAME_SYMBOL).join(os.hostname()),
});
import { changes, runBash } from './oracle';

function sections(file: string): Array<{ name: string; text: string }> {
  const src = fs.readFileSync(path.join(__dirname, 'cases', file), 'utf8');
  const out: Array<{ name: string; text: string }> = [];
  const parts = src.split(/^### (.*)\n/m);
  for (let i = 1; i < parts.length; i += 2) out.push({ name: parts[i], text: parts[i + 1] });
  return out;
}

function lines(file: string): Array<{ name: string; text: string }> {
  const src = fs.readFileSync(path.join(__dirname, 'cases', file), 'utf8');
  return src
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => ({ name: l, text: l + '\n' }));
}

function compare(snippet: string): void {
  const bash = runBash(snippet);
  const rec0 = reconstructScript('case.sh', snippet);
  const rec = { ...rec0, files: rec0.files.map(onThisHost) };
  const ch = changes(bash);
  const recFiles = new Map(rec.files.map((f) => [f.target, f]));
  // every file bash created or changed is reconstructed, with the same bytes
  for (const [p, text] of ch.changed) {
    expect(recFiles.has(p), `bash wrote ${p} but the reconstruction has no such file\n${bash.stderr}`).toBe(true);
    expect(recFiles.get(p)!.text, `content of ${p}`).toBe(text);
  }
  // every reconstructed file exists after the bash run, with the same bytes
  for (const f of rec.files) {
    expect(bash.files.has(f.target), `the reconstruction has ${f.target} but bash left no such regular file`).toBe(
      true,
    );
    expect(f.text, `content of ${f.target}`).toBe(bash.files.get(f.target));
    expect(f.exact, `${f.target} should be exact`).toBe(true);
    expect(f.origin?.length).toBe(f.text === '' ? 0 : f.text.replace(/\n$/, '').split('\n').length);
  }
  // removals and links
  const removed = new Set(rec.removed.map((r) => r.path));
  for (const p of ch.removed) expect(removed.has(p), `bash removed ${p}`).toBe(true);
  // a removed link is reported as removed (sed -i replaces a link by a regular file: removed, then a file)
  for (const p of ch.removedLinks) expect(removed.has(p), `bash removed the link ${p}`).toBe(true);
  const recLinks = new Map(rec.links.map((l) => [l.path, l.target]));
  for (const [l, t] of ch.links) expect(recLinks.get(l), `link ${l}`).toBe(t);
  for (const [l, t] of recLinks) expect(bash.links.get(l), `reconstructed link ${l}`).toBe(t);
  expect(
    rec.diagnostics.filter((d) => d.code === 'shell/cannot-reconstruct' || d.severity === 'error'),
    JSON.stringify(rec.diagnostics, null, 1),
  ).toEqual([]);
}

describe('quoting, heredocs and writes: same files as bash', () => {
  for (const c of sections('quoting.cases')) it(c.name, () => compare(c.text));
});

describe("child shells (bash -c, sh -c, bash <<EOF, sudo), this host's name: same files as bash", () => {
  for (const c of sections('child-shells.cases')) it(c.name, () => compare(c.text));
});

describe('sed one-liners: same files as GNU sed', () => {
  for (const c of lines('sed.cases')) it(c.name, () => compare(c.text));
});

describe('sed scripts over several lines: same files as GNU sed', () => {
  for (const c of sections('sed-multiline.cases')) it(c.name, () => compare(c.text));
});

describe('grep on text known exactly, and the idempotency guards decided on a fresh machine, against bash and GNU grep', () => {
  for (const c of sections('grep.cases')) it(c.name, () => compare(c.text));
});

describe('the oracle itself', () => {
  it('sees what bash writes and refuses paths outside its folder', () => {
    const r = runBash('echo hi > /etc/test/x\n');
    expect(r.files.get('/etc/test/x')).toBe('hi\n');
    // spellings the rewrite cannot follow are refused before bash runs
    for (const bad of ['echo hi > /etc\\/test', 'echo hi > /e\\tc/test', "echo hi > /'e'tc/test"])
      expect(() => runBash(bad)).toThrow(/refusing/);
  });
});
