/**
 * Lab 2's live firewall: the learner's ufw commands run by the real /usr/sbin/ufw, one Python process per
 * host (UFW_DRIVER, firewall-matrix.ts) instead of one per command. Proof that it is the same ufw: the
 * same commands applied both ways, each in a network and mount namespace of its own (a private /etc/ufw,
 * /etc/default and /run), give the same iptables rules and the same `ufw status`; a failing command is
 * reported with ufw's own message and does not stop the ones after it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UFW_DRIVER } from '../../labs/node/live/firewall-matrix';
import { skipReason } from './helpers';

const ufw = spawnSync('sh', ['-c', 'command -v ufw && command -v iptables-save'], {
  env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
}).status;
const missing = skipReason || (ufw === 0 ? '' : 'ufw and iptables are not installed');
if (missing && !skipReason && process.env.CI === 'true') throw new Error(`CI must have ufw: ${missing}`);

const COMMANDS = [
  ['default', 'deny', 'incoming'],
  ['default', 'allow', 'outgoing'],
  ['limit', '22/tcp'],
  ['allow', 'proto', 'tcp', 'from', '10.0.0.10', 'to', 'any', 'port', '80'],
  ['allow', 'from', 'not-an-address', 'to', 'any', 'port', '81'],
  ['allow', 'proto', 'tcp', 'from', '10.0.0.30', 'to', 'any', 'port', '9100'],
  ['--force', 'enable'],
  ['deny', '3306'],
];

/** Applies the commands in a fresh namespace, one way or the other; prints the rules and the status. */
function apply(how: 'driver' | 'one-by-one'): { out: string; rules: string; status: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wil-ufwdrv-'));
  try {
    cpSync('/etc/ufw', join(dir, 'etc-ufw'), { recursive: true });
    cpSync('/etc/default', join(dir, 'etc-default'), { recursive: true });
    const def = join(dir, 'etc-default', 'ufw');
    writeFileSync(def, readFileSync(def, 'utf8').replace(/^IPV6=.*$/m, 'IPV6=no'));
    writeFileSync(join(dir, 'apply.py'), UFW_DRIVER);
    writeFileSync(join(dir, 'commands.json'), JSON.stringify(COMMANDS));
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const run =
      how === 'driver'
        ? `python3 ${dir}/apply.py ${dir}/commands.json`
        : COMMANDS.map(
            (c, i) =>
              `out=$(ufw ${c.map(q).join(' ')} 2>&1 </dev/null) || printf 'FAILED %s %s\\n' ${i} "$(echo "$out" | tr '\\n' ' ')"`,
          ).join('\n') + '\necho DONE';
    const script = [
      'set -e',
      `mount --bind ${dir}/etc-ufw /etc/ufw`,
      `mount --bind ${dir}/etc-default /etc/default`,
      'mount -t tmpfs wil /run',
      'ip link set lo up',
      'set +e',
      run,
      'echo @@RULES',
      // counters and the random caps-test chain name aside, the rules themselves
      "iptables-save | grep -v '^#' | sed -e 's/\\[[0-9]*:[0-9]*\\]//'",
      'echo @@STATUS',
      'ufw status verbose',
    ].join('\n');
    const r = spawnSync('unshare', ['--mount', '--net', '--propagation', 'private', 'sh', '-c', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
    });
    const all = r.stdout + r.stderr;
    const [out, rest = ''] = all.split('@@RULES\n');
    const [rules, status = ''] = rest.split('@@STATUS\n');
    return { out, rules, status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!!missing)(`the ufw driver ${missing}`, () => {
  it('gives the same rules and status as one ufw process per command', { timeout: 120_000 }, () => {
    const a = apply('driver');
    const b = apply('one-by-one');
    expect(a.rules).toMatch(/-A ufw-user-input -s 10\.0\.0\.10\/32 -p tcp -m tcp --dport 80 -j ACCEPT/);
    expect(a.rules).toMatch(/--dport 3306 -j DROP/);
    expect(a.rules).toBe(b.rules);
    expect(a.status).toMatch(/^Status: active/);
    expect(a.status).toBe(b.status);
    // the bad address fails with ufw's own message, the commands after it still ran, and that is all
    expect(a.out.trim().split('\n')).toEqual([expect.stringMatching(/^FAILED 4 ERROR: Bad source address/), 'DONE']);
    expect(a.out.trim()).toBe(b.out.trim());
  });
});
