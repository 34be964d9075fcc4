/**
 * Issue 12, items 1, 2 and 11 (temp folders): hostile answers against the real tools. Each attack runs
 * `check` (checkDir + every report format) as the caller (root in CI) and asserts that no byte of a
 * canary file outside the submission reaches any output, that a shared object in the submission is never
 * loaded, and that nothing is left in the temp folder. Each attack is first shown to be real: the same
 * tool run outside the sandbox leaks the canary / runs the code.
 *
 * Needs haproxy, nginx, bwrap (bubblewrap) and gcc: with CI=true a missing one FAILS; elsewhere skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDir } from '../../labs/node/check';
import { findTool, sweepStaleToolDirs } from '../../labs/node/realtools';
import { handOver, resetToolSandbox, sandboxCommand, toolSandbox, writeSandboxEtc } from '../../labs/node/toolsandbox';
import { formatReport, type FormatName } from '../../labs/core/report/index';
import type { Report } from '../../labs/core/report/types';
import { solutionFiles } from './checkTester';
import { BIN, ensureCliBuilt } from '../cli-build';

const need = ['haproxy', 'nginx', 'bwrap', 'gcc'].filter((t) => !findTool(t));
const root = process.getuid?.() === 0;
if (need.length && process.env.CI === 'true') {
  describe('hostile answers vs real tools', () => {
    it('have their tools in CI', () => {
      throw new Error(`CI=true but ${need.join(', ')} is not installed (.ci/run installs them)`);
    });
  });
}

const FORMATS: FormatName[] = ['pretty', 'json', 'junit', 'sarif', 'github', 'gradescope'];

function allOutputs(r: Report, dir: string): string {
  return (
    FORMATS.map((f) => formatReport(r, f, { color: false, sourceText: () => undefined })).join('\n') +
    JSON.stringify(r) +
    dir
  );
}

describe.skipIf(need.length > 0)(
  `hostile answers vs real tools${need.length ? ` (skipped: ${need.join(', ')} not installed)` : ''}`,
  () => {
    let work: string;
    let tmp: string;
    const savedTmp = process.env.TMPDIR;
    const canaryText = `CANARY${randomBytes(8).toString('hex')}`;
    let canary: string;
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'wil-hostile-'));
      chmodSync(work, 0o755);
      // The tools' own temp folders go to a private TMPDIR, so "nothing left behind" is exact.
      tmp = join(work, 'tmp');
      mkdirSync(tmp);
      process.env.TMPDIR = tmp;
      canary = join(work, 'secret', 'canary.conf');
      mkdirSync(dirname(canary));
      // What an nginx include or an HAProxy pattern file would quote back if it could read it.
      writeFileSync(canary, `${canaryText} on;\n`, { mode: 0o644 });
    });
    afterAll(() => {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(work, { recursive: true, force: true });
    });

    function submission(name: string, files: Record<string, string | Buffer>): string {
      const dir = join(work, name);
      for (const [rel, text] of Object.entries({ ...solutionFiles(), ...files })) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), text);
      }
      return dir;
    }
    const check = (dir: string) =>
      checkDir(dir, { realTools: true, only: ['haproxy/valid-config', 'nginx/valid-config'] });
    const hp = (r: Report) => r.checks.find((c) => c.id === 'haproxy/valid-config')!;
    const ng = (r: Report) => r.checks.find((c) => c.id === 'nginx/valid-config')!;

    it('control: outside the sandbox, haproxy -c and nginx -t quote the canary file', () => {
      const d = mkdtempSync(join(work, 'control-'));
      writeFileSync(
        join(d, 'h.cfg'),
        `global\ndefaults\n  mode http\nfrontend f\n  bind 127.0.0.1:1\n  acl bad src -f ${canary}\n`,
      );
      const h = spawnSync('haproxy', ['-c', '-f', join(d, 'h.cfg')], { encoding: 'utf8' });
      expect(h.stdout + h.stderr).toContain(canaryText);
      writeFileSync(
        join(d, 'n.conf'),
        `pid ${d}/pid;\nerror_log ${d}/e.log;\nevents {}\nhttp {\n include ${canary};\n}\n`,
      );
      const n = spawnSync('nginx', ['-t', '-p', d + '/', '-e', `${d}/e.log`, '-c', join(d, 'n.conf')], {
        encoding: 'utf8',
      });
      expect(n.stdout + n.stderr).toContain(canaryText);
    });

    it('1. a file outside the submission (acl -f, include, errorfile, crt) never reaches any output', async () => {
      const base = solutionFiles();
      const dir = submission('disclose', {
        'lb-01/haproxy.cfg': base['lb-01/haproxy.cfg'].replace(
          '    bind *:80\n',
          `    bind *:80\n    acl bad src -f ${canary}\n    http-request deny if bad\n    errorfile 503 ${canary}\n    http-request set-header X-Y %[src,map(${canary})]\n`,
        ),
        'web-01/default': base['web-01/default'].replace(/(server_name[^\n]*\n)/, `$1    include ${canary};\n`),
        'web-02/default': `include ${canary};\n` + base['web-02/default'],
      });
      const r = await check(dir);
      const out = allOutputs(r, '');
      expect(out).not.toContain(canaryText);
      // The tools did run (in the sandbox) and said they could not open the file.
      expect(out).toMatch(/No such file or directory|failed to open|could not open|can't open/i);
      // HAProxy read the map file in the sandbox (not replaced): it was not there
      expect(
        hp(r)
          .findings.map((f) => f.message)
          .join('\n'),
      ).toMatch(/failed to open pattern file/);
      expect(readdirSync(tmp).filter((n) => !n.startsWith('web-infra-lab-cert-'))).toEqual([]);
    });

    it('1. the same attack through `grade --real-tools`: no canary byte in any output file', async () => {
      const base = solutionFiles();
      const classDir = join(work, 'class');
      mkdirSync(classDir);
      const learner = join(classDir, 'mallory');
      for (const [rel, text] of Object.entries({
        ...base,
        'lb-01/haproxy.cfg': base['lb-01/haproxy.cfg'].replace(
          '    bind *:80\n',
          `    bind *:80\n    acl bad src -f ${canary}\n    http-request deny if bad\n`,
        ),
        'web-01/default': base['web-01/default'].replace(/(server_name[^\n]*\n)/, `$1    include ${canary};\n`),
      })) {
        mkdirSync(dirname(join(learner, rel)), { recursive: true });
        writeFileSync(join(learner, rel), text);
      }
      const out = join(work, 'grade-out');
      ensureCliBuilt();
      const r = spawnSync(
        process.execPath,
        [
          BIN,
          'grade',
          '--lab',
          'distributed-web',
          classDir,
          '--out',
          out,
          '--real-tools',
          '--gradescope',
          '--junit',
          '--quiet',
          '--jobs',
          '1',
        ],
        { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } },
      );
      expect(r.status, r.stderr).toBeLessThan(2);
      const all: string[] = [r.stdout, r.stderr];
      const walk = (d: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(d, e.name));
          else all.push(readFileSync(join(d, e.name), 'utf8'));
        }
      };
      walk(out);
      expect(all.length).toBeGreaterThan(5);
      expect(all.join('\n')).not.toContain(canaryText);
      // the tools ran (sandboxed) for this learner
      expect(readFileSync(join(out, 'results.jsonl'), 'utf8')).toMatch(/haproxy -c/);
    }, 180_000);

    it('1. a hard link or symbolic link is not a way round (the tool sees only the copy it is given)', async () => {
      const dir = submission('links', {});
      rmSync(join(dir, 'web-01/default'));
      execFileSync('ln', ['-s', canary, join(dir, 'web-01/default')]);
      const r = await check(dir);
      expect(allOutputs(r, '')).not.toContain(canaryText);
    });

    it('2. a shared object in the submission is never loaded (load_module, ssl-provider-path), and the refusal is reported', async () => {
      const marker = join(work, 'marker-dir');
      mkdirSync(marker);
      chmodSync(marker, 0o1777);
      const markerFile = join(marker, 'ran');
      const src = join(work, 'evil.c');
      writeFileSync(
        src,
        `#include <stdio.h>\n__attribute__((constructor)) static void evil(void) { FILE *f = fopen("${markerFile}", "w"); if (f) { fputs("pwned", f); fclose(f); } }\nint OSSL_provider_init(void) { return 0; }\n`,
      );
      const so = join(work, 'evil.so');
      execFileSync('gcc', ['-shared', '-fPIC', '-o', so, src]);
      // Control: the object really runs its constructor when nginx loads it outside the sandbox.
      const d = mkdtempSync(join(work, 'control-so-'));
      writeFileSync(join(d, 'n.conf'), `load_module ${so};\npid ${d}/pid;\nerror_log ${d}/e.log;\nevents {}\n`);
      spawnSync('nginx', ['-t', '-p', d + '/', '-e', `${d}/e.log`, '-c', join(d, 'n.conf')]);
      expect(existsSync(markerFile)).toBe(true);
      rmSync(markerFile);

      const base = solutionFiles();
      const dir = submission('code', {
        'lb-01/evil.so': Buffer.from('not scanned'),
        'web-01/nginx.conf': `load_module ${join(work, 'code', 'web-01', 'evil.so')};\nload_module\n   ${so};\nevents {}\nhttp {\n    include /etc/nginx/mime.types;\n${base['web-01/default']}}\n`,
        'lb-01/haproxy.cfg': base['lb-01/haproxy.cfg'].replace(
          'global\n',
          `global\n    ssl-provider-path ${work}\n    ssl-provider evil\n    lua-load ${join(work, 'x.lua')}\n`,
        ),
      });
      rmSync(join(dir, 'web-01/default'));
      rmSync(join(dir, 'lb-01/evil.so'));
      writeFileSync(join(dir, 'web-01', 'evil.so'), Buffer.alloc(0));
      execFileSync('cp', [so, join(dir, 'web-01', 'evil.so')]);
      const r = await check(dir);
      expect(existsSync(markerFile)).toBe(false);
      const refused = [...hp(r).findings, ...ng(r).findings]
        .filter((f) => /was refused/.test(f.message))
        .map((f) => [f.file, f.line, f.severity]);
      expect(refused).toEqual([
        ['lb-01/haproxy.cfg', 3, 'error'],
        ['lb-01/haproxy.cfg', 5, 'warning'],
        ['web-01/nginx.conf', 1, 'error'],
        ['web-01/nginx.conf', 2, 'error'],
      ]);
    });

    it("2. the distribution's own module is still allowed (load_module modules/...)", async () => {
      const mods = '/usr/lib/nginx/modules';
      const mod = existsSync(mods) ? readdirSync(mods).find((f) => f.endsWith('.so')) : undefined;
      if (!mod) return; // nginx-light 1.22 in Debian 12 ships ngx_http_echo_module; another build may ship none
      const base = solutionFiles();
      const dir = submission('distmod', {
        'web-01/nginx.conf': `load_module modules/${mod};\nevents {}\nhttp {\n${base['web-01/default']}}\n`,
      });
      rmSync(join(dir, 'web-01/default'));
      const r = await check(dir);
      expect(
        ng(r)
          .findings.filter((f) => f.severity === 'error')
          .map((f) => f.message),
      ).toEqual([]);
    });

    it('without a working sandbox the tools do not run, with a warning (never unsandboxed)', async () => {
      const saved = process.env.WEB_INFRA_LAB_BWRAP;
      process.env.WEB_INFRA_LAB_BWRAP = '';
      resetToolSandbox();
      try {
        const r = await check(submission('nosandbox', {}));
        for (const c of [hp(r), ng(r)]) {
          expect(c.findings.map((f) => [f.severity, f.message])).toContainEqual([
            'warning',
            expect.stringMatching(
              /was not run: real tools run only in a sandbox, and bubblewrap \(bwrap\) is not installed/,
            ),
          ]);
          expect(c.findings.some((f) => f.messageId === 'tool-ok')).toBe(false);
        }
      } finally {
        if (saved === undefined) delete process.env.WEB_INFRA_LAB_BWRAP;
        else process.env.WEB_INFRA_LAB_BWRAP = saved;
        resetToolSandbox();
      }
    });

    it('the sandbox: uid nobody (caller root), no capability, no_new_privs, no network, no host file outside the binds', async () => {
      const p = await toolSandbox((n) => findTool(n));
      expect(p.ok).toBe(true);
      if (!p.ok) return;
      const run = mkdtempSync(join(tmp, 'web-infra-lab-probe-x-'));
      mkdirSync(join(run, 'etc'));
      writeSandboxEtc(join(run, 'etc'));
      handOver(p.sandbox, run);
      const c = sandboxCommand(p.sandbox, { rw: [run], etcDir: join(run, 'etc'), cwd: run }, [
        '/bin/sh',
        '-c',
        `id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; cat ${canary} 2>&1; ls /root /home 2>&1; cat /proc/net/dev | tail -n +3 | cut -d: -f1`,
      ]);
      const r = spawnSync(c.file, c.args, {
        encoding: 'utf8',
        ...(c.uid !== undefined ? { uid: c.uid, gid: c.gid } : {}),
      });
      const out = r.stdout + r.stderr;
      rmSync(run, { recursive: true, force: true });
      expect(out).not.toContain(canaryText);
      const lines = out
        .trim()
        .split('\n')
        .map((l) => l.trim());
      if (root) expect(lines[0]).toBe('65534');
      expect(lines).toContain('CapEff:\t0000000000000000'.replace('\t', '\t'));
      expect(out).toMatch(/NoNewPrivs:\s+1/);
      expect(out).toMatch(/No such file or directory/);
      expect(lines.slice(-1)).toEqual(['lo']);
    });

    it("11. temp folders a killed run left behind are removed by the next run; a live process's are kept", () => {
      const dead = join(tmp, 'web-infra-lab-haproxy-999999999-abcdef');
      const mine = join(tmp, `web-infra-lab-nginx-${process.pid}-abcdef`);
      mkdirSync(dead);
      writeFileSync(join(dead, 'haproxy.cfg'), 'learner config');
      mkdirSync(mine);
      expect(sweepStaleToolDirs(tmp)).toEqual(['web-infra-lab-haproxy-999999999-abcdef']);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(mine)).toBe(true);
      rmSync(mine, { recursive: true });
    });
  },
);
