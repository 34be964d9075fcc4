/**
 * `parse SCRIPT --extract DIR` on every script of the field corpus (../shared/field-corpus) writes the
 * config the script leaves behind: the same effective lines as the experts' copy, made by re-running
 * the script's write steps with bash (validation/extracted/, with HOSTNAME=web-01 and `hostname`
 * printing web-01). Effective lines: comments and blank lines dropped, each line trimmed, and our
 * symbol for this host's name (@HOSTNAME@) read as web-01. A config the script does not write is
 * the stock Debian 12 file (the experts' tree started from it too). Read by path, never copied.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt } from '../cli-build';
import { shared } from '../shared';
import { DEBIAN12_STOCK, DEBIAN12_STOCK_LINKS, HOST_NAME_SYMBOL } from '../../labs/core/parsers/shell/index';

const corpus = shared('field-corpus');

/**
 * Scripts whose extraction cannot match the experts' copy, each argued. Reviewed: keep it tiny
 * (currently empty: every corpus script matches). An entry whose script now matches fails the test.
 */
const CANNOT_MATCH: Record<string, string> = {};

const effective = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(HOST_NAME_SYMBOL).join('web-01'));

interface Expected {
  /** The file the service reads (a link's target). */
  path: string;
  /** For a sites-enabled entry: the link path. */
  link?: string;
  text: string;
}

/** The experts' copy: one file for HAProxy; for Nginx, `##### path [-> target]` sections of the active config. */
function expected(key: string): Expected[] | undefined {
  const [cat, name] = key.split('/');
  const dir = join(corpus.path, 'validation', 'extracted', cat);
  if (cat === 'haproxy') {
    const f = join(dir, `haproxy__${name}.cfg`);
    return existsSync(f) ? [{ path: '/etc/haproxy/haproxy.cfg', text: readFileSync(f, 'utf8') }] : undefined;
  }
  const f = join(dir, `nginx__${name}.active-config.txt`);
  if (!existsSync(f)) return undefined;
  const parts = readFileSync(f, 'utf8').split(/^##### (.*)$/m);
  const out: Expected[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const m = / -> (.*)$/.exec(parts[i]);
    out.push(
      m ? { path: m[1], link: parts[i].slice(0, m.index), text: parts[i + 1] } : { path: parts[i], text: parts[i + 1] },
    );
  }
  return out;
}

function scripts(): string[] {
  const labels = parseYaml(readFileSync(join(corpus.path, 'labels.yaml'), 'utf8')) as Record<string, { kind?: string }>;
  return Object.entries(labels)
    .filter(([k, l]) => /^(haproxy|nginx)\//.test(k) && /^script/.test(l.kind ?? ''))
    .map(([k]) => k);
}

describe.skipIf(!!corpus.missing)(
  `parse --extract on the field corpus's scripts${corpus.missing ? ` (skipped: ${corpus.missing})` : ''}`,
  () => {
    const bin = corpus.missing ? '' : ensureCliBuilt();
    const out = mkdtempSync(join(tmpdir(), 'wil-extract-'));
    afterAll(() => rmSync(out, { recursive: true, force: true }));
    const keys = corpus.missing ? [] : scripts();

    it("the corpus has the scripts and the experts' copies this test compares", () => {
      expect(keys.length).toBeGreaterThanOrEqual(18);
      expect(keys.filter((k) => expected(k))).toEqual(keys);
    });

    for (const key of keys) {
      it(`${key}: the effective lines of what it leaves behind are the experts'`, { timeout: 60_000 }, () => {
        const file = join(corpus.path, key);
        const dir = join(out, key.replace('/', '__'));
        const r = spawnSync(process.execPath, [bin, 'parse', file, '--extract', dir], { encoding: 'utf8' });
        // 0: clean, 1: the script has errors (e.g. a sed expression GNU sed rejects); both extract
        expect([0, 1], r.stderr).toContain(r.status);
        expect(r.stderr).toContain('detected kind shell');
        const j = spawnSync(process.execPath, [bin, 'parse', file, '--kind', 'shell'], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const ast = (
          JSON.parse(j.stdout) as {
            ast: { links: Array<{ path: string; resolved: string }>; removed: Array<{ path: string }> };
          }
        ).ast;
        const problems: string[] = [];
        for (const e of expected(key)!) {
          const written = join(dir, e.path);
          const ours = existsSync(written) ? readFileSync(written, 'utf8') : DEBIAN12_STOCK[e.path]?.text;
          if (ours === undefined) {
            problems.push(`leaves no ${e.path}`);
            continue;
          }
          const a = effective(ours);
          const b = effective(e.text);
          if (a.join('\n') !== b.join('\n')) {
            let i = 0;
            while (i < a.length && a[i] === b[i]) i++;
            problems.push(
              `${e.path}, effective line ${i + 1}: ours ${JSON.stringify(a[i])}, the experts' ${JSON.stringify(b[i])}`,
            );
          }
          if (e.link) {
            const made = ast.links.find((l) => l.path === e.link)?.resolved;
            const stock = ast.removed.some((x) => x.path === e.link) ? undefined : DEBIAN12_STOCK_LINKS[e.link];
            if ((made ?? stock) !== e.path)
              problems.push(`${e.link} should link to ${e.path}, not ${made ?? stock ?? 'nothing'}`);
          }
        }
        // a listed exception must still fail to match (no stale excuses)
        if (CANNOT_MATCH[key]) expect(problems, `${key} now matches: remove it from CANNOT_MATCH`).not.toEqual([]);
        else expect(problems).toEqual([]);
      });
    }
  },
);
