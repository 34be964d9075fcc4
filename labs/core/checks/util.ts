/** Shared lookups for checks: which unit of which host a check looks at. */
import type { CheckContext } from './context';
import type { HaproxyUnit, HostModel, KindUnit, NginxUnit } from '../model/types';
import { frontendsOnPort, serversOf, webBackend, type ServerLine, type WebBackend } from '../model/haproxy';
import type { HaproxySection } from '../parsers/haproxy/ast';
import type { Span } from '../source';
import type { HostRole } from '../spec/types';

export function hostsWithRole(ctx: CheckContext, role: HostRole): HostModel[] {
  return Object.values(ctx.model.hosts).filter((h) => h.role === role);
}

/**
 * Every unit of a registered file kind, on every host (of `role`, when given): what a lab's own check
 * reads ("every keepalived.conf on every load balancer"), never just the first host's.
 */
export function unitsOf<A = unknown>(
  ctx: CheckContext,
  kind: string,
  role?: HostRole,
): Array<{ host: HostModel; unit: KindUnit<A> }> {
  return Object.values(ctx.model.hosts)
    .filter((h) => role === undefined || h.role === role)
    .flatMap((host) => (host.units[kind] ?? []).map((unit) => ({ host, unit: unit as KindUnit<A> })));
}

export function firstHost(ctx: CheckContext, role: HostRole): HostModel | undefined {
  return hostsWithRole(ctx, role)[0];
}

/** A check context looking at one host of a role (set by `eachHost`). */
type Focused = CheckContext & { focus?: Record<string, HostModel> };

/** The host of `role` a check looks at: the one `eachHost` set, else the first. */
export function focusHost(ctx: CheckContext, role: HostRole): HostModel | undefined {
  return (ctx as Focused).focus?.[role] ?? firstHost(ctx, role);
}

/**
 * Runs a check's logic once per host of `role` (every load balancer of a lab with a pair, every
 * replica), each run seeing that host through `focusHost`/`lbUnit`; once when the lab has none.
 */
export function eachHost<C extends CheckContext>(role: HostRole, run: (ctx: C) => void): (ctx: C) => void {
  return (ctx) => {
    const hosts = hostsWithRole(ctx, role);
    if (hosts.length <= 1) return run(ctx);
    for (const h of hosts) run({ ...ctx, focus: { ...(ctx as Focused).focus, [role]: h } });
  };
}

/** The load balancer's HAProxy unit: the one with a frontend on the lab's port, else the first. */
export function lbUnit(ctx: CheckContext): { host: HostModel; unit?: HaproxyUnit } | undefined {
  const host = focusHost(ctx, 'load-balancer');
  if (!host) return undefined;
  const unit = host.haproxy.find((u) => frontendsOnPort(u.config, ctx.options.lbPort).length) ?? host.haproxy[0];
  return { host, unit };
}

/** The `not-found` message of every HAProxy check (what `requireLb` reports). */
export const HAPROXY_NOT_FOUND =
  'No HAProxy configuration found in {{host}}/ (put haproxy.cfg, or the script that writes it, in that folder).';

/** Reports `not-found` for the load balancer and returns undefined when there is no HAProxy config. */
export function requireLb(ctx: CheckContext): { host: HostModel; unit: HaproxyUnit; backend?: WebBackend } | undefined {
  const lb = lbUnit(ctx);
  if (!lb) return undefined;
  if (!lb.unit) {
    ctx.report({ messageId: 'not-found', data: { host: lb.host.name } });
    return undefined;
  }
  return { host: lb.host, unit: lb.unit, backend: webBackend(lb.unit.config, ctx.options.lbPort) };
}

/** Line 1 of a unit's file: where a finding about something the whole file lacks points. */
export function fileStart(unit: { file: { path: string } }): Span {
  return { file: unit.file.path, line: 1, column: 1 };
}

/**
 * `requireLb`, then its web backend: when there is none, reports `no-backend` at the start of the
 * file (unless `reportMissing` is false, for a check that has nothing to say then).
 */
export function requireBackend(
  ctx: CheckContext,
  reportMissing = true,
): { host: HostModel; unit: HaproxyUnit; backend: WebBackend } | undefined {
  const lb = requireLb(ctx);
  if (!lb) return undefined;
  if (!lb.backend) {
    if (reportMissing) ctx.report({ messageId: 'no-backend', loc: fileStart(lb.unit) });
    return undefined;
  }
  return { host: lb.host, unit: lb.unit, backend: lb.backend };
}

/**
 * `requireLb`, then the servers of its web backend: reports `no-servers` (at the backend's header,
 * else at the start of the file) when there is no backend or it has no `server` line.
 */
export function requireBackendServers(
  ctx: CheckContext,
): { host: HostModel; unit: HaproxyUnit; section: HaproxySection; servers: ServerLine[] } | undefined {
  const lb = requireLb(ctx);
  if (!lb) return undefined;
  const section = lb.backend?.section;
  const servers = section ? serversOf(section) : [];
  if (!section || servers.length === 0) {
    ctx.report({ messageId: 'no-servers', loc: section?.header.span ?? fileStart(lb.unit) });
    return undefined;
  }
  return { host: lb.host, unit: lb.unit, section, servers };
}

export function webUnits(ctx: CheckContext): Array<{ host: HostModel; unit?: NginxUnit }> {
  return hostsWithRole(ctx, 'web').map((host) => ({ host, unit: host.nginx[0] }));
}

/** Normalises a free-text answer: lower case, spaces/underscores -> `-`. */
export function norm(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Name or address of a host matches `value` (an address, a host name, or a name with a domain). */
export function namesHost(ctx: CheckContext, value: string, host: HostModel): boolean {
  const v = value.toLowerCase();
  // the lab's sandbox address is not the learner's: never compared (see model/inventory.ts)
  return (
    (host.addressOrigin !== 'default' && v === host.address.toLowerCase()) ||
    v === host.name ||
    v.split('.')[0] === host.name
  );
}

export function hostByAddress(ctx: CheckContext, value: string): HostModel | undefined {
  return Object.values(ctx.model.hosts).find((h) => namesHost(ctx, value, h));
}
