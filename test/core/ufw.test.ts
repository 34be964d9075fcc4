/** The ufw model (labs/core/firewall/ufw.ts): rules in ufw's order, first match wins, as ufw(8) says. */
import { describe, expect, it } from 'vitest';
import { decide, holds, parseRuleWords, ufwState } from '../../labs/core/firewall/ufw';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';

const lab = loadLab('no-spof');
const stateOf = (files: Record<string, string>) => ufwState(buildModel(new MemoryTree(files), lab).hosts['lb-01']);
const script = (...lines: string[]) => ({ 'lb-01/fw.sh': `#!/bin/bash\n${lines.join('\n')}\n` });
const span = { file: 'x', line: 1, column: 1 };

describe('ufw rules', () => {
  it('reads the simple and the full syntax', () => {
    expect(parseRuleWords('allow', ['22/tcp'], span, '')).toMatchObject({ toPort: '22', proto: 'tcp' });
    expect(parseRuleWords('allow', ['OpenSSH'], span, '')).toMatchObject({ app: 'OpenSSH' });
    expect(
      parseRuleWords(
        'allow',
        ['in', 'on', 'eth1', 'from', '10.0.0.0/24', 'to', 'any', 'port', '3306', 'proto', 'tcp'],
        span,
        '',
      ),
    ).toMatchObject({
      iface: 'eth1',
      from: '10.0.0.0/24',
      toPort: '3306',
      proto: 'tcp',
    });
    expect(parseRuleWords('allow', ['from'], span, '')).toMatch(/^ERROR/);
    expect(parseRuleWords('allow', ['22/tcp', 'extra'], span, '')).toMatch(/^ERROR/);
  });

  it('addresses and networks', () => {
    expect(holds('10.0.0.0/24', '10.0.0.15')).toBe(true);
    expect(holds('10.0.1.0/24', '10.0.0.15')).toBe(false);
    expect(holds('10.0.0.15', '10.0.0.15')).toBe(true);
    expect(holds(undefined, '10.0.0.15')).toBe(true);
    expect(holds('10.0.0.15', undefined)).toBeUndefined();
    expect(holds('0.0.0.0/0', '192.0.2.1')).toBe(true);
  });

  it('first match wins; insert puts a rule first; delete and reset remove rules', () => {
    const vrrp = { proto: 'vrrp', src: '10.0.0.15', dst: '224.0.0.18' };
    let st = stateOf(
      script('ufw allow from 10.0.0.15 proto vrrp', 'ufw insert 1 deny from 10.0.0.0/24', 'ufw --force enable'),
    );
    expect(decide(st, vrrp)).toMatchObject({ verdict: 'deny', rule: { from: '10.0.0.0/24' } });
    st = stateOf(
      script(
        'ufw deny from 10.0.0.0/24',
        'ufw allow from 10.0.0.15 proto vrrp',
        'ufw delete deny from 10.0.0.0/24',
        'ufw --force enable',
      ),
    );
    expect(decide(st, vrrp)).toMatchObject({ verdict: 'allow', rule: { from: '10.0.0.15' } });
    st = stateOf(script('ufw allow from 10.0.0.15 proto vrrp', 'ufw --force reset', 'ufw --force enable'));
    expect(st.rules).toEqual([]);
    expect(decide(st, vrrp)).toEqual({ verdict: 'deny' });
  });

  it('port rules and application profiles never match a protocol without ports', () => {
    const st = stateOf(
      script('ufw allow 112', 'ufw allow OpenSSH', 'ufw allow 100:200/tcp', 'ufw allow Bogus', 'ufw --force enable'),
    );
    expect(decide(st, { proto: 'tcp', src: '10.0.0.15', dport: 22 })).toMatchObject({
      verdict: 'allow',
      rule: { app: 'OpenSSH' },
    });
    expect(decide(st, { proto: 'tcp', src: '10.0.0.15', dport: 80 }).verdict).toBe('deny');
    expect(decide(st, { proto: 'vrrp', src: '10.0.0.15' }).verdict).toBe('deny');
    expect(decide(st, { proto: 'tcp', src: '10.0.0.15', dport: 150 })).toMatchObject({
      verdict: 'allow',
      rule: { toPort: '100:200' },
    });
    expect(decide(st, { proto: 'udp', src: '10.0.0.15', dport: 112 })).toMatchObject({ verdict: 'allow' });
  });

  it('is off until enabled; `ufw enable -y` is a syntax error that leaves it off; --dry-run changes nothing', () => {
    expect(stateOf(script('ufw default deny incoming')).enabled).toBe(false);
    const bad = stateOf(script('ufw enable -y'));
    expect(bad.enabled).toBe(false);
    expect(bad.problems.map((p) => p.message)).toEqual(['ERROR: Invalid syntax']);
    expect(stateOf(script('ufw --dry-run enable')).enabled).toBe(false);
    expect(decide(stateOf(script('ufw default deny incoming')), { proto: 'tcp', dport: 22 }).verdict).toBe('allow');
  });

  it('reads ufw files: before.rules (a script that edits the stock file), user.rules, ufw.conf', () => {
    const st = stateOf({
      ...script("sed -i '/^# End required lines/a -A ufw-before-input -p vrrp -j ACCEPT' /etc/ufw/before.rules"),
      'lb-01/ufw.conf': 'ENABLED=yes\nLOGLEVEL=low\n',
      'lb-01/user.rules': '*filter\n:ufw-user-input - [0:0]\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
    });
    expect(st.enabled).toBe(true);
    const vrrp = st.rules.find((r) => r.proto === 'vrrp');
    expect(vrrp).toMatchObject({ chain: 'before', action: 'allow' });
    // the before.rules line points at the script line that wrote it
    expect(vrrp!.span).toMatchObject({ file: 'lb-01/fw.sh', line: 2 });
    expect(st.rules.filter((r) => r.chain === 'user').map((r) => [r.action, r.proto, r.toPort])).toEqual([
      ['allow', 'tcp', '22'],
    ]);
    // the stock rules (icmp, DHCP, mDNS...) are read too; loopback and connection-state rules decide nothing here
    expect(st.rules.some((r) => r.proto === 'icmp')).toBe(true);
    expect(decide(st, { proto: 'tcp', src: '10.0.0.15', dport: 3306 }).verdict).toBe('deny');
    expect(decide(st, { proto: 'vrrp', src: '10.0.0.15', dst: '224.0.0.18' })).toMatchObject({
      verdict: 'allow',
      rule: vrrp,
    });
  });

  it('bounded: 20,000 rules in a loop-free script keep at most 5,000', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `ufw allow ${(i % 60000) + 1}/tcp`);
    const st = stateOf(script(...lines));
    expect(st.rules.length).toBeLessThanOrEqual(5000);
  });
});
