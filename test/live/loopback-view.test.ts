/**
 * Issue 12: in loopback mode (no network namespaces: not root, or a machine that refuses them) a live
 * server runs in bubblewrap with the machine's network but a file system of its own: the distribution's
 * read-only files, scratch /tmp and /run, and its host's folder of the run. A world-readable canary in
 * /var/tmp, /etc/shadow, home folders, another host's folder of the same run do not exist for it. Run
 * through the very command line a server starts with (Sandbox.onHost), as root (bwrap, then the argv's
 * own setpriv) and as an unprivileged caller (bwrap in a user namespace); and end to end as an
 * unprivileged caller in a network namespace of the test's own where ports below 1024 are allowed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLive } from '../../labs/node/live';
import { Sandbox } from '../../labs/node/live/sandbox';
import { resetToolSandbox } from '../../labs/node/toolsandbox';
import { SOLUTION, asNobodyTs, input, leftovers, skipReason } from './helpers';

const ROOT = join(__dirname, '..', '..');

let secretDir = '';
let canaryText = '';
beforeAll(() => {
  secretDir = mkdtempSync('/var/tmp/wil-secret-');
  chmodSync(secretDir, 0o755);
  canaryText = `CANARY${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(secretDir, 'canary.txt'), `${canaryText}\n`, { mode: 0o644 });
});
afterAll(() => rmSync(secretDir, { recursive: true, force: true }));

/** What a server sees: the canary, /etc/shadow, /root, its own folder (writable), another host's, /usr. */
function viewScript(own: string, other: string): string {
  return [
    `cat ${secretDir}/canary.txt 2>&1 || true`,
    'ls /etc/shadow 2>&1 || true',
    'ls /root /home 2>&1 || true',
    `echo written > ${own}/probe && cat ${own}/probe`,
    `ls ${other} 2>&1 || true`,
    'touch /usr/evil 2>&1 || true',
    'echo scratch > /tmp/x && cat /tmp/x',
    `ls -d /proc/${process.pid} 2>&1 || true`,
    'id -u',
  ].join('; ');
}

function expectConfined(out: string): void {
  expect(out).not.toContain(canaryText);
  expect(out).toMatch(new RegExp(`${secretDir}/canary.txt: No such file or directory`));
  expect(out).toMatch(/\/etc\/shadow': No such file or directory/);
  expect(out).toMatch(/\/root': No such file or directory/);
  expect(out).toContain('written');
  expect(out).toMatch(/'\/[^']*db-01': No such file or directory/);
  expect(out).toMatch(/\/usr\/evil': (Read-only file system|Permission denied)/);
  expect(out).toContain('scratch');
  // no other process of the machine (this test's own) is visible
  expect(out).toMatch(new RegExp(`/proc/${process.pid}': No such file or directory`));
}

/** The same, from a process of its own started as `uid` (prints the output, then its leftovers check). */
const CHILD = `
const { Sandbox } = require(${JSON.stringify(join(ROOT, 'labs/node/live/sandbox.ts'))});
(async () => {
  const sb = new Sandbox('loopback', false);
  const why = await sb.jailLoopback();
  if (why) { console.log('NOJAIL ' + why); await sb.teardown(); return; }
  await sb.createNetwork([{ name: 'web-01', address: '127.77.1.11' }, { name: 'db-01', address: '127.77.1.21' }]);
  const own = sb.hostDir('web-01');
  const other = sb.hostDir('db-01');
  const r = await sb.group.run('view', sb.onHost('web-01', ['/bin/sh', '-c', process.argv[2].replaceAll('@OWN', own).replaceAll('@OTHER', other)]), { timeoutMs: 20000 });
  console.log(r.output);
  const down = await sb.teardown();
  console.log('LEFTOVERS ' + JSON.stringify(down.leftovers));
})().catch((e) => { console.log('ERROR ' + e.stack); process.exitCode = 1; });
`;

describe.skipIf(!!skipReason)(`live in loopback mode: a server's file system ${skipReason}`, () => {
  it('as root: bwrap, then the server drops to its own user', { timeout: 60_000 }, async () => {
    const sb = new Sandbox('loopback', false);
    try {
      expect(await sb.jailLoopback()).toBeUndefined();
      await sb.createNetwork([
        { name: 'web-01', address: '127.77.1.11' },
        { name: 'db-01', address: '127.77.1.21' },
      ]);
      const own = sb.hostDir('web-01');
      chmodSync(own, 0o777);
      const other = sb.hostDir('db-01');
      const argv = sb.onHost('web-01', [
        'setpriv',
        '--reuid=www-data',
        '--regid=www-data',
        '--clear-groups',
        '/bin/sh',
        '-c',
        viewScript(own, other),
      ]);
      expect(argv[0]).toMatch(/bwrap$/);
      const r = await sb.group.run('view', argv, { timeoutMs: 20_000 });
      expectConfined(r.output);
      // the server is www-data, not root
      expect(r.output).toMatch(/^33$/m);
    } finally {
      await sb.teardown();
    }
    expect(leftovers()).toEqual([]);
  });

  it('as an unprivileged caller: bwrap in a user namespace', { timeout: 60_000 }, () => {
    const scratch = mkdtempSync(join(tmpdir(), 'wil-view-'));
    chmodSync(scratch, 0o755);
    const file = join(scratch, 'child.js');
    writeFileSync(file, CHILD, { mode: 0o644 });
    try {
      const [cmd, ...args] = asNobodyTs(file, viewScript('@OWN', '@OTHER'));
      const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 50_000 });
      const out = r.stdout + r.stderr;
      expect(out).not.toMatch(/NOJAIL|ERROR/);
      expectConfined(out);
      expect(out).toMatch(/^65534$/m);
      expect(out).toContain('LEFTOVERS []');
      expect(leftovers({ owners: [r.pid!] })).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('without bubblewrap nothing starts, and the report says why', { timeout: 60_000 }, async () => {
    const before = process.env.WEB_INFRA_LAB_BWRAP;
    process.env.WEB_INFRA_LAB_BWRAP = '';
    resetToolSandbox();
    try {
      const r = await runLive({ ...(await input(SOLUTION)), mode: 'loopback', tiers: ['web'] });
      const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
      expect(vs.status).toBe('error');
      expect(vs.findings.map((f) => f.message).join(' ')).toMatch(
        /runs every server in a bubblewrap sandbox, which cannot be made here \(bubblewrap \(bwrap\) is not installed/,
      );
      expect(r.checks.filter((c) => c.status === 'pass').map((c) => c.id)).toEqual([]);
      expect(r.debug.pids).toEqual([]);
      expect(r.debug.leftovers).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.WEB_INFRA_LAB_BWRAP;
      else process.env.WEB_INFRA_LAB_BWRAP = before;
      resetToolSandbox();
    }
    expect(leftovers()).toEqual([]);
  });

  it(
    'end to end as an unprivileged caller (ports below 1024 allowed in a namespace of its own): every web probe passes',
    { timeout: 90_000 },
    () => {
      const ns = `wil-${process.pid}-lonr`;
      execFileSync('ip', ['netns', 'add', ns]);
      try {
        execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
        execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv4.ip_unprivileged_port_start=0']);
        const r = spawnSync(
          'ip',
          [
            'netns',
            'exec',
            ns,
            ...asNobodyTs(join(ROOT, 'labs', 'node', 'live', 'cli.ts'), SOLUTION, '--tiers', 'web'),
          ],
          { cwd: ROOT, encoding: 'utf8', timeout: 80_000 },
        );
        const out = JSON.parse(r.stdout) as {
          live: { mode: string };
          checks: Array<{ id: string; status: string; findings: Array<string | { message: string }> }>;
        };
        expect(out.live.mode).toBe('loopback');
        const web = out.checks.filter((c) => ['live/valid-start', 'live/round-robin', 'live/app-path'].includes(c.id));
        expect(web.map((c) => `${c.id} ${c.status} ${JSON.stringify(c.findings).slice(0, 300)}`)).toEqual(
          web.map((c) => expect.stringMatching(new RegExp(`^${c.id} pass`))),
        );
        expect(leftovers({ owners: [r.pid!] })).toEqual([]);
      } finally {
        execFileSync('ip', ['netns', 'del', ns]);
      }
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(`/wil-${process.pid}-`);
    },
  );
});
