/**
 * `keepalived -t` in the real-tool sandbox (labs/node/tools/keepalived.ts): the interfaces the
 * configuration names are made in the sandbox's own network namespace, keepalived's messages land on the
 * learner's lines, what the unprivileged sandbox itself causes is a note. Needs keepalived, bwrap, ip and
 * setpriv: in CI (CI=true) a missing one FAILS these tests; elsewhere they are skipped with the reason.
 * The output mapping (timeouts, status 143, line numbers) is tested without the tool.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../../labs/core/engine';
import { buildModel } from '../../../labs/core/model/build';
import type { ModelFile } from '../../../labs/core/model/types';
import { parseKeepalived } from '../../../labs/core/parsers/keepalived';
import { findTool, runRealTools } from '../../../labs/node/realtools';
import { interfacesOf, keepalivedFindings, validInterfaceName } from '../../../labs/node/tools/keepalived';
import { toolSandbox } from '../../../labs/node/toolsandbox';
import { loadLab } from '../../../labs/node/specs';
import { buildTree } from '../checkTester';
import { A, B, LAB, conf, pair, useFixtureLab } from './fixture';

useFixtureLab();

const keepalived = findTool('keepalived');
const missingTools = ['keepalived', 'bwrap', 'ip', 'setpriv'].filter((t) => !findTool(t));
const root = process.getuid?.() === 0;

if (missingTools.length && process.env.CI === 'true') {
  describe('keepalived -t', () => {
    it('its tools are installed in CI', () => {
      throw new Error(`CI=true but ${missingTools.join(', ')} is not installed (.ci/run must install keepalived)`);
    });
  });
}

async function run(files: Record<string, string>) {
  const lab = loadLab(LAB);
  const only = { ...lab, checks: lab.checks.filter((c) => c.id === 'keepalived/valid-config') };
  const tree = buildTree({ name: 'x', base: 'empty', files });
  const model = buildModel(tree, lab);
  const external = await runRealTools(model, { checks: new Set(['keepalived/valid-config']) });
  return checkSubmission({ tree, submission: 'x', lab: only, model, external, strict: true }).checks[0];
}

const secured = '    enable_script_security\n    script_user root\n';
const killall = `vrrp_script chk_haproxy {\n    script "killall -0 haproxy"\n}\n`;
const track = `    track_script {\n        chk_haproxy\n    }\n`;

describe.skipIf(missingTools.length > 0)(
  `keepalived -t in the sandbox${missingTools.length ? ` (skipped: ${missingTools.join(', ')} not installed)` : ''}`,
  () => {
    it('the sandbox works here (or the reason it does not)', async () => {
      const p = await toolSandbox((n) => findTool(n));
      expect(p.ok ? 'ok' : p.reason).toBe('ok');
    });

    it('accepts the correct pair: eth0 exists in the sandbox (no "Non-existent interface")', async () => {
      const r = await run(pair());
      expect(r.findings.map((f) => [f.messageId, f.severity])).toEqual([
        ['tool-ok', 'info'],
        ['tool-ok', 'info'],
      ]);
      expect(r.status).toBe('pass');
    });

    it("reports what only keepalived says, on the learner's line", async () => {
      const r = await run(pair({}, { instanceExtra: '    garp_master_delay 5 10 15 x\n    vrrp_garp_lower_prio 3\n' }));
      const tool = r.findings.filter((f) => f.messageId === 'tool');
      expect(tool.map((f) => [f.file, f.line, f.severity])).toContainEqual([B, 24, 'error']);
      expect(tool.find((f) => f.line === 24)!.message).toContain("Unknown keyword 'vrrp_garp_lower_prio'");
      expect(r.status).toBe('fail');
    });

    it('a script without enable_script_security: SECURITY VIOLATION is a warning here (keepalived runs it; script-security judges it)', async () => {
      const r = await run(pair({ defs: killall, track }));
      const v = r.findings.filter((f) => f.messageId === 'tool' && /SECURITY VIOLATION/.test(f.message));
      expect(v.length).toBeGreaterThan(0);
      // keepalived names no line: the finding points at the script it is about, in each file
      for (const f of v) {
        expect([f.file, f.line]).toEqual([expect.stringMatching(/keepalived\.conf$/), expect.any(Number)]);
        expect(f.severity).toBe('warning');
        expect(f.message).toMatch(/keepalived\/script-security judges it/);
      }
      expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(r.status).toBe('warn');
    });

    it('a secured script: what the unprivileged sandbox causes is a note, the check passes', async () => {
      // (`true`: a command surely installed where the checker runs; one that is not is a warning, below)
      const abs = killall.replace('killall', 'true');
      const r = await run(pair({ defs: abs, track, extraGlobal: secured }, { defs: abs, track, extraGlobal: secured }));
      expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(r.findings.some((f) => f.messageId === 'tool-note' && /sandbox/.test(f.message))).toBe(true);
      expect(r.status).toBe('pass');
    });

    it('a typo in track_script stays an error (it is not the sandbox)', async () => {
      const r = await run(
        pair({ defs: killall, track: track.replace('chk_haproxy', 'chk_haproxyy'), extraGlobal: secured }),
      );
      const f = r.findings.find((x) => x.messageId === 'tool' && /chk_haproxyy not found/.test(x.message));
      expect(f && [f.file, f.line, f.severity]).toEqual([A, 23, 'error']);
    });

    // Each parser message that quotes keepalived ("keepalived says ...") quotes what keepalived -t really says.
    const inst = (body: string) =>
      `vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    virtual_ipaddress {\n        10.9.0.100/24\n    }\n${body}}\n`;
    const QUOTED: Array<[string, string]> = [
      ['state SLAVE', inst('    state SLAVE\n')],
      [
        'auth_pass over 8',
        inst('    authentication {\n        auth_type PASS\n        auth_pass mysecurepassword\n    }\n'),
      ],
      ['auth_type', inst('    authentication {\n        auth_type SECRET\n    }\n')],
      ['no VIP', 'vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  virtual_ipaddress {\n  }\n}\n'],
      ['VRID 300', inst('').replace('virtual_router_id 51', 'virtual_router_id 300')],
      ['priority 0', inst('    priority 0\n')],
      ['no VRID', inst('').replace('    virtual_router_id 51\n', '')],
      ['no interface', inst('').replace('    interface eth0\n', '')],
      ['nopreempt', inst('    state MASTER\n    priority 150\n    nopreempt\n')],
      ['unknown keyword', inst('    foo_bar 1\n')],
      ['extra }', inst('') + '}\n'],
      ['stray {', '{\n}\n' + inst('')],
      ['unclosed', inst('').replace(/\}\n$/, '')],
      ['unterminated quote', inst('') + 'vrrp_script s {\n    script "/bin/true\n}\n'],
    ];
    for (const [what, text] of QUOTED)
      it(`the parser quotes keepalived -t: ${what}`, async () => {
        const quotes = parseKeepalived({ path: A, text })
          .diagnostics.map((d) => /(?:says|fails with) "([^"]+)"/.exec(d.message)?.[1])
          .filter((q): q is string => !!q);
        expect(quotes.length).toBeGreaterThan(0);
        // what the tool itself said (before valid-config drops what repeats a parser error)
        const lab = loadLab(LAB);
        const model = buildModel(
          buildTree({ name: 'x', base: 'empty', files: { [A]: text, [B]: conf({ state: 'BACKUP', priority: 100 }) } }),
          lab,
        );
        const external = await runRealTools(model, { checks: new Set(['keepalived/valid-config']) });
        const said = (external['keepalived/valid-config'] ?? [])
          .filter((f) => f.messageId === 'tool' && (f.loc === undefined || f.loc.file === A))
          .map((f) => String(f.data?.detail))
          .join('\n');
        for (const q of quotes) expect(said).toContain(q);
      });

    it('an include of a file outside the submission never reaches a report (and outside the sandbox it would)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wil-ka-canary-'));
      try {
        const token = `CANARY_${process.pid}_${Date.now()}`;
        const secret = join(dir, 'secret.conf');
        writeFileSync(secret, `${token} 1\n`);
        const text = conf() + `include ${secret}\n`;
        // the attack is real: keepalived -t itself reads the file and echoes it
        const cfg = join(dir, 'keepalived.conf');
        writeFileSync(cfg, text);
        const plain = spawnSync(keepalived!, ['-t', '-f', cfg], { encoding: 'utf8', timeout: 10_000 });
        expect(plain.stdout + plain.stderr).toContain(token);
        const r = await run({ [A]: text, [B]: conf({ state: 'BACKUP', priority: 100 }) });
        expect(JSON.stringify(r)).not.toContain(token);
        expect(r.findings.some((f) => f.messageId === 'tool-note' && f.line === 24 && /left out/.test(f.message))).toBe(
          true,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('an interface name that is not one is never made (and keepalived says it does not exist)', async () => {
      const r = await run(
        pair({}, { instanceExtra: '' }) && {
          [A]: conf().replace('interface eth0', 'interface "eth0;touch /x"'),
          [B]: conf({ state: 'BACKUP', priority: 100 }),
        },
      );
      expect(
        r.findings.some(
          (f) => f.messageId === 'tool' && f.file === A && /Non-existent interface|doesn't exist/.test(f.message),
        ),
      ).toBe(true);
    });
  },
);

describe.skipIf(!keepalived || !root)(
  `keepalived -t never runs vrrp_script commands${!keepalived ? ' (skipped: keepalived not installed)' : !root ? ' (skipped: needs root, so that the script would be allowed to run)' : ''}`,
  () => {
    it('a valid, secured script that would create a file does not run under -t', () => {
      const dir = mkdtempSync(join(tmpdir(), 'wil-ka-t-'));
      try {
        const marker = join(dir, 'ran');
        const cfg = join(dir, 'keepalived.conf');
        writeFileSync(
          cfg,
          conf({
            defs: `vrrp_script chk {\n    script "/usr/bin/touch ${marker}"\n    interval 1\n}\n`,
            track: '    track_script {\n        chk\n    }\n',
            extraGlobal: secured,
          }),
        );
        let status = 0;
        try {
          // in a network namespace of its own with an eth0, so that the configuration is fully valid
          execFileSync(
            'unshare',
            [
              '--net',
              '--',
              'sh',
              '-c',
              '{ ip link add eth0 type dummy 2>/dev/null || ip link add eth0 type veth peer name wilpeer0; } && exec "$0" -t -f "$1"',
              keepalived!,
              cfg,
            ],
            { timeout: 10_000, stdio: 'pipe' },
          );
        } catch (e) {
          status = (e as { status: number }).status;
        }
        expect(status).toBe(0); // the script was accepted (so it would have been run if -t ran scripts)
        expect(existsSync(marker)).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe('keepalived -t output mapping (no tool needed)', () => {
  const text = conf();
  const file = { path: A, source: { path: A, text } } as unknown as ModelFile;
  const ast = parseKeepalived({ path: A, text }).ast;
  const cfg = '/tmp/web-infra-lab-keepalived-1-x/keepalived.conf';
  const base = { stdout: '', stderr: '', code: 0, timedOut: false };

  it('maps "(FILE: Line N)" to the learner line and keeps the sandbox path out of the message', () => {
    const f = keepalivedFindings(
      { ...base, code: 5, stderr: `(${cfg}: Line 8) (VI_1) unknown state 'SLAVE', defaulting to BACKUP\n` },
      cfg,
      file,
      ast,
    );
    expect(f.map((x) => [x.messageId, x.loc?.line, x.severity, x.data?.detail])).toEqual([
      ['tool', 8, 'error', "(VI_1) unknown state 'SLAVE', defaulting to BACKUP"],
    ]);
  });
  it('a line without a place (it points at the file), and a failing status with no message', () => {
    expect(
      keepalivedFindings(
        { ...base, code: 5, stderr: 'Non-existent interface specified in configuration\n' },
        cfg,
        file,
        ast,
      ).map((x) => [x.loc, x.severity]),
    ).toEqual([[{ file: file.path, line: 1, column: 1 }, 'error']]);
    expect(keepalivedFindings({ ...base, code: 3 }, cfg, file, ast).map((x) => x.data?.detail)).toEqual([
      'exited with status 3',
    ]);
  });
  it('a crash (2.2.7 segfaults after "Unterminated quote") is an error after its messages', () => {
    const f = keepalivedFindings(
      { ...base, code: 139, stderr: `(${cfg}: Line 4) Unterminated quote 'script "/bin/true'\n` },
      cfg,
      file,
      ast,
    );
    expect(
      f.map((x) => [x.loc?.line, x.severity, /crashed \(status 139, signal 11\)/.test(String(x.data?.detail))]),
    ).toEqual([
      [4, 'error', false],
      [undefined, 'error', true],
    ]);
  });
  it("a timeout and 2.2.7's status 143 are warnings, not verdicts", () => {
    expect(
      keepalivedFindings({ ...base, code: null, timedOut: true }, cfg, file, ast).map((x) => [
        x.severity,
        /did not finish within 10 s/.test(String(x.data?.detail)),
      ]),
    ).toEqual([['warning', true]]);
    const t = keepalivedFindings({ ...base, code: 143 }, cfg, file, ast);
    expect(t.map((x) => [x.messageId, x.severity])).toEqual([
      ['tool', 'warning'],
      ['tool-ok', 'info'],
    ]);
  });
  it('interface names: valid ones are made, others never reach a command', () => {
    expect(interfacesOf(parseKeepalived({ path: A, text: conf({ vip: '10.9.0.100/24 dev ens3' }) }).ast)).toEqual([
      'eth0',
      'ens3',
    ]);
    expect(
      interfacesOf(parseKeepalived({ path: A, text: conf().replace('interface eth0', 'interface lo') }).ast),
    ).toEqual([]);
    for (const bad of ['eth0;touch /x', '$(reboot)', 'a b', '../x', 'averyveryverylongname0', 'eth0:1', ''])
      expect(validInterfaceName(bad)).toBe(false);
  });
});

describe('keepalived -t: which script messages are the sandbox, which the learner (no tool needed)', () => {
  const text = conf({
    defs: 'vrrp_script chk {\n    script "/etc/keepalived/check_haproxy.sh"\n}\nvrrp_script chk2 {\n    script "check_haproxy.sh"\n}\n',
    track: '    track_script {\n        chk\n        chk2\n    }\n',
    extraGlobal: '    enable_script_security\n    script_user root\n',
  });
  const file = { path: A, source: { path: A, text } } as unknown as ModelFile;
  const ast = parseKeepalived({ path: A, text }).ast;
  it('an absolute script path is a file of the server (a note); a bare name not on PATH here is a warning', () => {
    const f = keepalivedFindings(
      {
        stdout: '',
        stderr:
          'Disabling track script chk since not found/accessible\nDisabling track script chk2 since not found/accessible\n',
        code: 5,
        timedOut: false,
      },
      '/tmp/x/keepalived.conf',
      file,
      ast,
    );
    expect(f.map((x) => [x.messageId, x.severity, /chk2/.test(String(x.data?.detail))])).toEqual([
      ['tool', 'warning', true],
      ['tool-ok', 'info', false],
      ['tool-note', 'info', false],
    ]);
  });
});

describe('keepalived -t: a bare command installed on the checking machine (no tool needed)', () => {
  const text = conf({
    defs: 'vrrp_script chk {\n    script "killall -0 haproxy"\n}\n',
    track: '    track_script {\n        chk\n    }\n',
    extraGlobal: '    enable_script_security\n    script_user root\n',
  });
  const file = { path: A, source: { path: A, text } } as unknown as ModelFile;
  const ast = parseKeepalived({ path: A, text }).ast;
  const r = {
    stdout: '',
    stderr: 'Disabling track script chk since not found/accessible\n',
    code: 5,
    timedOut: false,
  };
  it('is a note when installed here (unprivileged keepalived cannot look it up), a warning when not', () => {
    const kinds = (installed: (n: string) => boolean) =>
      keepalivedFindings(r, '/tmp/x/keepalived.conf', file, ast, [], installed).map((x) => [x.messageId, x.severity]);
    expect(kinds((n) => n === 'killall')).toEqual([
      ['tool-ok', 'info'],
      ['tool-note', 'info'],
    ]);
    expect(kinds(() => false)).toEqual([
      ['tool', 'warning'],
      ['tool-ok', 'info'],
    ]);
  });
});
