/**
 * The same-verdicts property (test/engine/same-verdicts.test.ts) through `check-lab`'s own path with the
 * real tools (`haproxy -c`, `nginx -t`, `keepalived -t`, `promtool`, in their sandbox): each configuration a
 * real tool reads, delivered the ways learners deliver it, written to a folder on disk, gets the verdicts the
 * plain solution gets. A tool that sees a reconstructed file differently from the static checks (a lost
 * newline, a CR, the host's name) shows here. Needs the tools: skipped without them, a failure with CI=true.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDir } from '../../labs/node/check';
import { findTool } from '../../labs/node/realtools';
import { DELIVERIES, INSTALLED, statusOf } from '../engine/deliveries';
import { solutionFiles } from './checkTester';

const TOOLS: Record<string, string> = {
  'haproxy.cfg': 'haproxy',
  default: 'nginx',
  'keepalived.conf': 'keepalived',
  'prometheus.yml': 'promtool',
  'alerts.yml': 'promtool',
};
const need = [...new Set([...Object.values(TOOLS), 'bwrap'])].filter((t) => !findTool(t));
if (need.length && process.env.CI === 'true')
  describe('same verdicts with the real tools', () => {
    it('have their tools in CI', () => {
      throw new Error(`CI=true but ${need.join(', ')} is not installed (.ci/run installs them)`);
    });
  });

/** The deliveries whose file reaches the tool by another road than the plain one. */
const HOW = [
  'quoted heredoc through sudo tee',
  'unquoted heredoc, $hostname written as $(hostname)',
  'printf, one quoted argument per line',
  'CRLF line ends',
  'apt-get install, then appended with tee -a',
  'a site of its own in sites-available, linked, default removed',
];

/**
 * Changes a delivery may make: appended to the package's haproxy.cfg, a whole answer repeats `user` and `group`
 * in global, which `haproxy -c` reports ("already specified. Continuing.") and accepts: a warning, points kept.
 */
const ALLOWED: Record<string, string[]> = {
  'apt-get install, then appended with tee -a': ['haproxy/valid-config: pass -> warn'],
};

const work = mkdtempSync(join(tmpdir(), 'wil-same-verdicts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;

async function verdicts(labId: string, files: Record<string, string>): Promise<Record<string, string>> {
  const dir = join(work, String(n++));
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), t);
  }
  const r = await checkDir(dir, { lab: labId, includeHidden: true });
  rmSync(dir, { recursive: true, force: true });
  return statusOf(r.checks);
}

describe.skipIf(need.length > 0).each(['distributed-web', 'secured-monitored', 'no-spof'])(
  `lab %s with the real tools: the same verdicts however a config is delivered${need.length ? ` (skipped: ${need.join(', ')} not installed)` : ''}`,
  (labId) => {
    const solution = solutionFiles(labId);
    // one file per kind a tool reads (web-02's Nginx file is web-01's, lb-02's files are lb-01's)
    const files = Object.keys(solution).filter((f) => TOOLS[f.split('/').pop()!] && !/^(web-02|lb-02)\//.test(f));
    let plain: Record<string, string>;
    beforeAll(async () => {
      plain = await verdicts(labId, solution);
    }, 30_000);

    it('the plain solution: every tool-read check passes (the baseline)', () => {
      expect(Object.values(plain).filter((s) => /^(fail|error)/.test(s))).toEqual([]);
      expect(files.length).toBeGreaterThan(1);
    });

    it.each(files.flatMap((file) => HOW.map((how) => ({ file, how }))))(
      '$file as "$how"',
      { timeout: 30_000 },
      async ({ file, how }) => {
        const d = DELIVERIES[how](solution[file], INSTALLED[file.split('/').pop()!]);
        const host = file.split('/').slice(0, -1).join('/');
        const sub = { ...solution };
        delete sub[file];
        sub[`${host}/${d.name}`] = d.text;
        const got = await verdicts(labId, sub);
        const changed = Object.keys(plain)
          .filter((id) => got[id]?.split(' (')[0] !== plain[id].split(' (')[0])
          .map((id) => `${id}: ${plain[id]} -> ${got[id]}`);
        const allowed = ALLOWED[how] ?? [];
        expect(changed.filter((c) => !allowed.includes(c.split(' (')[0]))).toEqual([]);
      },
    );
  },
);
