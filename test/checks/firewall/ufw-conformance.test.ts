/**
 * The ufw model against the real ufw: each rule command below is given to `ufw --dry-run` (Debian 12's ufw, which
 * prints the iptables rules it would add and changes nothing), and the packets its IPv4 rules match must be the
 * packets the model's rule matches (protocol, port, service name, source, source port). Real answers write every
 * one of these forms. Needs root and ufw: skipped with the reason elsewhere, a failure in CI.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decide, parseRuleWords, type UfwState } from '../../../labs/core/firewall/ufw';

const COMMANDS = [
  'allow 22',
  'allow 22/udp',
  'allow 80,443/tcp',
  'allow 6000:6007/tcp',
  'allow ssh',
  'allow ssh/tcp',
  'allow http',
  'allow https',
  'allow https/tcp',
  'allow mysql',
  'allow from 10.0.0.10 to any port 80',
  'allow from 10.0.0.0/24 to any port 3306 proto tcp',
  'allow proto tcp from any to any port https',
  'allow to any port ssh',
  'deny proto udp from any to any port 53',
  'allow in on eth0 to any port 80 proto tcp',
  'allow from 10.0.0.30 port 9100',
  'allow from 10.0.0.30',
  'reject 8080',
];

const why = (() => {
  if (process.getuid?.() !== 0) return 'ufw --dry-run needs root';
  if (spawnSync('sh', ['-c', 'command -v ufw'], { stdio: 'ignore' }).status !== 0) return 'ufw is not installed';
  return '';
})();
if (why && process.env.CI === 'true') throw new Error(`CI needs the ufw conformance test: ${why}`);

interface Packet {
  proto: 'tcp' | 'udp';
  src: string;
  sport: number;
  dport: number;
}
const PACKETS: Packet[] = [];
for (const proto of ['tcp', 'udp'] as const)
  for (const dport of [22, 53, 80, 443, 3306, 6003, 8080, 9100])
    for (const src of ['10.0.0.10', '10.0.0.30', '203.0.113.7'])
      for (const sport of [9100, 40000]) PACKETS.push({ proto, src, sport, dport });

/** Whether one `-A ufw-user-input ...` line of ufw's output matches a packet (what these commands produce). */
function lineMatches(line: string, p: Packet): boolean {
  const opt = (flag: string) => new RegExp(`(?:^|\\s)${flag}\\s+(\\S+)`).exec(line)?.[1];
  const inPorts = (spec: string, port: number) =>
    spec.split(',').some((part) => {
      const [a, b] = part.split(':').map(Number);
      return b === undefined ? a === port : port >= a! && port <= b;
    });
  const proto = opt('-p');
  if (proto && proto !== p.proto) return false;
  const dport = opt('--dport') ?? opt('--dports');
  if (dport && !inPorts(dport, p.dport)) return false;
  const sport = opt('--sport') ?? opt('--sports');
  if (sport && !inPorts(sport, p.sport)) return false;
  const s = opt('-s');
  if (s) {
    const [net, len] = s.split('/');
    const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    const bits = Number(len ?? 32);
    const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
    if ((n(p.src) & mask) >>> 0 !== (n(net!) & mask) >>> 0) return false;
  }
  return true;
}

describe.skipIf(!!why)(`the ufw model against ufw --dry-run${why ? ` (skipped: ${why})` : ''}`, () => {
  for (const cmd of COMMANDS)
    it(`ufw ${cmd}`, () => {
      const r = spawnSync('ufw', ['--dry-run', ...cmd.split(' ')], { encoding: 'utf8', timeout: 20_000 });
      const lines = r.stdout
        .split('\n')
        .filter((l) => /^-A ufw-user-input /.test(l) && !/ufw-user-limit\b/.test(l) && !/-m recent/.test(l));
      expect(lines.length, r.stdout + r.stderr).toBeGreaterThan(0);
      const [action, ...words] = cmd.split(' ');
      const rule = parseRuleWords(action as 'allow', words, { file: 'x', line: 1, column: 1 }, `ufw ${cmd}`);
      expect(typeof rule, String(rule)).toBe('object');
      const st = {
        present: true,
        enabled: true,
        defaultIncoming: action === 'allow' ? 'deny' : 'allow',
        rules: [rule],
        problems: [],
        unknown: [],
        redirects: [],
        tables: [],
        tool: 'ufw',
      } as unknown as UfwState;
      const differ: string[] = [];
      for (const p of PACKETS) {
        // the eth0 rule: the packets arrive on eth0
        const real = lines.some((l) => lineMatches(l, p));
        const model = !!decide(st, { proto: p.proto, src: p.src, sport: p.sport, dport: p.dport }).rule;
        if (real !== model) differ.push(`${p.proto} ${p.src}:${p.sport} -> :${p.dport} ufw ${real} model ${model}`);
      }
      expect(differ).toEqual([]);
    });
});
