/** What the firewall checks share: each host's ufw state (once), the learner's addresses, and how a verdict reads. */
import { type DesignCell, type DesignPorts, designMatrix } from '../../firewall/design';
import type { CheckContext } from '../context';
import type { HostModel } from '../../model/types';
import type { HostRole } from '../../spec/types';
import { decide, ufwState, type Decision, type UfwRule, type UfwState } from '../../firewall/ufw';
import { hostsWithRole } from '../util';
import type { Span } from '../../source';

/** A client on the internet, for "open to the world" (TEST-NET-3, RFC 5737: never a learner's server). */
export const INTERNET = '203.0.113.7';

const states = new WeakMap<HostModel, UfwState>();

/** The host's ufw state, computed once per model. */
export function firewallOf(host: HostModel): UfwState {
  let st = states.get(host);
  if (!st) {
    st = ufwState(host);
    states.set(host, st);
  }
  return st;
}

/** The learner's address of a host (inventory.yaml or inferred), never the lab's sandbox default. */
export function learnerAddress(host: HostModel): string | undefined {
  return host.addressOrigin === 'default' ? undefined : host.address;
}

export interface Probe {
  /** Who sends: a host of the lab, or the internet. */
  from: HostModel | 'internet';
  proto: 'tcp' | 'udp';
  port: number;
}

export interface Verdict extends Decision {
  /** `web-01 -> db-primary:3306/tcp`. */
  what: string;
  /** Why, in words: the rule that decided, or the policy, or "no firewall". */
  why: string;
}

/** What `host`'s firewall does with a connection. */
export function verdict(host: HostModel, p: Probe): Verdict {
  const st = firewallOf(host);
  const src = p.from === 'internet' ? INTERNET : learnerAddress(p.from);
  const d = decide(st, { proto: p.proto, src, dport: p.port });
  const who = p.from === 'internet' ? 'the internet' : p.from.name;
  const what = `${who} -> ${host.name}:${p.port}/${p.proto}`;
  const why = !st.present
    ? `${host.name} has no firewall`
    : !st.enabled
      ? `ufw is never enabled on ${host.name}`
      : d.rule
        ? `\`${d.rule.text}\` decides it`
        : `no rule matches, so the default incoming policy (${st.defaultIncoming}) decides it`;
  return { ...d, what, why };
}

/** The hosts of some roles (every web server, every load balancer...). */
export function hostsOf(ctx: CheckContext, ...roles: HostRole[]): HostModel[] {
  return roles.flatMap((r) => hostsWithRole(ctx, r));
}

/** Where a finding about a host's firewall points: the deciding rule, else the policy or enable line, else the host's first file. */
export function firewallLoc(host: HostModel, d?: Decision): Span | undefined {
  const st = firewallOf(host);
  const first = host.files.find((f) => f.kind === 'firewall') ?? host.files.find((f) => !f.fromScript);
  return (
    d?.rule?.span ?? st.defaultAt ?? st.enabledAt ?? (first ? { file: first.path, line: 1, column: 1 } : undefined)
  );
}

/** One cell of a host's port matrix that the lab expects open (the design's own traffic) or closed. */
export interface Expectation {
  from: HostModel | 'internet';
  port: number;
  want: 'open' | 'closed';
  /** Why, for the message (`the load balancer sends every request there`). */
  reason: string;
}

/** Reports each expectation the host's firewall does not meet (`blocked` or `open` message ids). */
export function expectMatrix(ctx: CheckContext, host: HostModel, cells: Expectation[]): void {
  for (const c of cells) {
    const v = verdict(host, { from: c.from, proto: 'tcp', port: c.port });
    const open = v.verdict === 'allow';
    if (open === (c.want === 'open')) continue;
    ctx.report({
      messageId: c.want === 'open' ? 'blocked' : 'open',
      data: { what: v.what, why: v.why, reason: c.reason, host: host.name },
      loc: firewallLoc(host, v),
    });
  }
}

/**
 * Reports each cell of the design's table (core/firewall/design.ts) that `checkId` judges and the firewall of
 * its host does not meet: the same table live/firewall-matrix tries on the real ufw. The app server counts
 * only when the submission has one.
 */
export function expectDesign(ctx: CheckContext, checkId: string, ports: Partial<DesignPorts>): void {
  const { cells: all, byName } = designOf(ctx, ports);
  const cells = all.filter((c) => c.check === checkId);
  for (const to of [...new Set(cells.map((c) => c.to))]) {
    const host = byName.get(to);
    if (!host) continue;
    expectMatrix(
      ctx,
      host,
      cells
        .filter((c) => c.to === to)
        .flatMap((c): Expectation[] => {
          const from = c.from === 'internet' ? 'internet' : byName.get(c.from);
          return from ? [{ from, port: c.port, want: c.want, reason: c.reason }] : [];
        }),
    );
  }
}

/** The design's table for this submission's hosts (core/firewall/design.ts), and the hosts by name. */
export function designOf(
  ctx: CheckContext,
  ports: Partial<DesignPorts>,
): { cells: DesignCell[]; byName: Map<string, HostModel> } {
  const roles = ['load-balancer', 'web', 'app', 'db-primary', 'db-replica', 'monitor'];
  const hosts = roles.flatMap((role) =>
    hostsOf(ctx, role)
      .filter((h) => role !== 'app' || h.present)
      .map((h) => ({ name: h.name, role, model: h })),
  );
  return { cells: designMatrix(hosts, ports), byName: new Map(hosts.map((h) => [h.name, h.model])) };
}

/** A port the kernel picks for an outgoing connection (Linux's ip_local_port_range is 32768-60999). */
const EPHEMERAL = 40000;

/**
 * Whether `client`'s firewall drops the answers to its connection to `server:port` (they come back from the
 * service's port to a port the client's kernel picked): undefined when it lets them in (ufw's before.rules and an
 * ESTABLISHED accept do; so does a default accept), else what drops them (`by`: the rule or the policy, as written).
 */
export function replyDropped(
  client: HostModel,
  server: HostModel,
  port: number,
): { rule?: UfwRule; by: string } | undefined {
  const st = firewallOf(client);
  if (!st.present || !st.enabled || st.tool === 'ufw' || st.repliesAt || st.defaultIncoming === 'allow')
    return undefined;
  const d = decide(st, { proto: 'tcp', src: learnerAddress(server), sport: port, dport: EPHEMERAL });
  if (d.verdict === 'allow') return undefined;
  return d.rule
    ? { rule: d.rule, by: `\`${d.rule.text}\`` }
    : { by: st.defaultText ? `the default policy (\`${st.defaultText}\`)` : 'the default policy (drop)' };
}
