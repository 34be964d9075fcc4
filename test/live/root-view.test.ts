/**
 * Issue 12: a live server's file system is its own (sandbox.ts newRootLines): the distribution's read-only
 * files and the host's private mounts, nothing else. A world-readable canary in /var/tmp, /etc/shadow, home
 * folders do not exist for it; its private /var/log is writable; /usr is read-only. Run through the very
 * command line a server starts with (Sandbox.onHost), as root with namespaces.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sandbox } from '../../labs/node/live/sandbox';
import { leftovers, skipReason } from './helpers';

describe.skipIf(!!skipReason)(`live: a server's file system ${skipReason}`, () => {
  it("holds only the distribution and the host's private mounts", { timeout: 60_000 }, async () => {
    const secretDir = mkdtempSync('/var/tmp/wil-secret-');
    chmodSync(secretDir, 0o755);
    const canaryText = `CANARY${Math.random().toString(36).slice(2)}`;
    writeFileSync(join(secretDir, 'canary.txt'), `${canaryText}\n`, { mode: 0o644 });
    const sb = new Sandbox('netns', false);
    try {
      await sb.createNetwork([{ name: 'web-01', address: '10.0.0.11' }]);
      const log = sb.hostDir('web-01', 'var-log');
      chmodSync(log, 0o777);
      const script = [
        `cat ${secretDir}/canary.txt 2>&1 || true`,
        'ls /etc/shadow 2>&1 || true',
        'ls /root /home 2>&1 || true',
        'echo written > /var/log/probe && cat /var/log/probe',
        'touch /usr/evil 2>&1 || true',
        'cat /etc/passwd | head -1',
      ].join('; ');
      const argv = sb.onHost(
        'web-01',
        ['setpriv', '--reuid=www-data', '--regid=www-data', '--clear-groups', '/bin/sh', '-c', script],
        [{ src: log, target: '/var/log' }],
      );
      const r = await sb.group.run('view', argv, { timeoutMs: 20_000 });
      expect(r.output).not.toContain(canaryText);
      expect(r.output).toMatch(new RegExp(`${secretDir}/canary.txt: No such file or directory`));
      expect(r.output).toMatch(/\/etc\/shadow': No such file or directory/);
      expect(r.output).toMatch(/\/root': No such file or directory/);
      expect(r.output).toContain('written');
      expect(r.output).toMatch(/\/usr\/evil': (Read-only file system|Permission denied)/);
      expect(r.output).toMatch(/^root:x:0:0/m);
    } finally {
      await sb.teardown();
      rmSync(secretDir, { recursive: true, force: true });
    }
    expect(leftovers()).toEqual([]);
  });
});
