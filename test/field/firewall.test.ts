/**
 * Real firewall answers (../shared/field-corpus/firewall, read by path): each file in lab 2's reference in place
 * of the host's own firewall (a "block all but 22, 80, 443" file on the load balancer, a port-forwarding answer
 * on web-01), judged against its expert label: what ufw ends up allowing (`allowed_ports`, `enables_ufw`),
 * the 8080 -> 80 redirect (`nat_redirect`), and whether the file loads (`syntax_ok`: iptables-restore's own
 * verdict) for firewall/port-forward-8080. The expectations come from the labels, not from this file.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { decide, ufwState } from '../../labs/core/firewall/ufw';
import { loadLab } from '../../labs/node/specs';
import { fullYaml, solutionFiles } from '../checks/checkTester';
import { corpus } from './corpus';

interface FirewallLabel {
  path: string;
  kind: string;
  enables_ufw?: boolean;
  allowed_ports?: string[];
  nat_redirect?: { present: boolean; from: string; to: number };
  syntax_ok?: boolean;
}

const all = corpus.missing
  ? {}
  : (parse(readFileSync(join(corpus.path, 'labels.yaml'), 'utf8')) as Record<string, FirewallLabel>);
const files = Object.entries(all).filter(([k]) => k.startsWith('firewall/'));
const lab = loadLab('secured-monitored');
const INTERNET = '203.0.113.7';

function judged(key: string, l: FirewallLabel) {
  const host = l.nat_redirect ? 'web-01' : 'lb-01';
  const tree: Record<string, string | Uint8Array> = { ...solutionFiles(lab.id) };
  if (!l.nat_redirect) delete tree[`${host}/firewall.sh`];
  tree[`${host}/${basename(l.path)}`] = readFileSync(join(corpus.path, key));
  const t = new MemoryTree(tree as Record<string, string>);
  const checks = [...lab.checks, { id: 'firewall/port-forward-8080', points: 1, required: false, hidden: false }];
  const report = checkSubmission({ tree: t, submission: key, lab: { ...lab, checks }, strict: true, yaml: fullYaml });
  const st = ufwState(buildModel(t, lab).hosts[host]!);
  return { host, st, status: (id: string) => report.checks.find((c) => c.id === id)?.status };
}

describe.skipIf(!!corpus.missing)(
  `field corpus: real firewall answers${corpus.missing ? ` (skipped: ${corpus.missing})` : ''}`,
  () => {
    it('holds firewall answers of both kinds', () => {
      expect(files.filter(([, l]) => l.allowed_ports).length).toBeGreaterThan(0);
      expect(files.filter(([, l]) => l.nat_redirect).length).toBeGreaterThan(0);
    });
    for (const [key, l] of files.filter(([, x]) => x.allowed_ports))
      it(`${key}: ufw ${l.enables_ufw ? 'enabled' : 'never enabled'}, allowing ${l.allowed_ports!.join(' ')}`, () => {
        const { st, status } = judged(key, l);
        expect(st.enabled).toBe(l.enables_ufw);
        expect(status('firewall/enabled')).toBe(l.enables_ufw ? 'pass' : 'fail');
        // what the rules let in once ufw runs (a service name like `ssh/tcp` is its port)
        const on = { ...st, enabled: true };
        const open = (port: number, proto: string) =>
          decide(on, { proto, src: INTERNET, dport: port }).verdict === 'allow';
        for (const p of l.allowed_ports!) {
          const [port, proto] = p.split('/');
          expect(open(Number(port), proto!), p).toBe(true);
        }
        for (const [port, proto] of [
          [3306, 'tcp'],
          [8080, 'tcp'],
          [22, 'udp'],
          [80, 'udp'],
        ] as const)
          if (!l.allowed_ports!.includes(`${port}/${proto}`)) expect(open(port, proto), `${port}/${proto}`).toBe(false);
      });
    for (const [key, l] of files.filter(([, x]) => x.nat_redirect?.present))
      it(`${key}: redirects ${l.nat_redirect!.from} to ${l.nat_redirect!.to}; the file ${l.syntax_ok ? 'loads' : 'is refused'}`, () => {
        const { st, status } = judged(key, l);
        const [from] = l.nat_redirect!.from.split('/');
        expect(
          st.redirects.some((r) => r.table === 'nat' && r.dport === from && r.toPort === String(l.nat_redirect!.to)),
        ).toBe(true);
        expect(status('firewall/port-forward-8080')).toBe(l.syntax_ok ? 'pass' : 'fail');
      });
  },
);
