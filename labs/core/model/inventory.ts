/**
 * The inventory is the learner's (issue: real answers). Learners run the labs on their own servers,
 * with their own addresses; the lab's default addresses belong to the sandbox that live mode builds,
 * never to the judgement of an answer. So:
 *
 * - with `inventory.yaml`, its addresses are the truth, and the files are cross-checked against it;
 * - without one (for each host it does not name), the address is inferred from the submission:
 *   first from the host's own files (an Nginx `listen ADDR:port`, a `bind-address`, a HAProxy `bind`,
 *   an app's `--bind`), then from what other hosts say of it (HAProxy's web servers, matched by name
 *   then in order; the replica's `MASTER_HOST`/`SOURCE_HOST`; a web server's `proxy_pass`);
 * - a host nothing speaks of keeps the lab's default, marked `default`: checks never compare a
 *   learner's value with it.
 *
 * Where two files disagree, the first source in that order wins and the checks that compare the two
 * (two-web-servers, replica-source, serves-app...) report the disagreement, since the other value no
 * longer names the host.
 */
import { diagnostic, type Diagnostic, type Span } from '../source';
import type { LabSpec } from '../spec/types';
import type { HostModel, Inventory, InventoryEntry, YamlData } from './types';
import { frontendsOnPort, serversOf, webBackend } from './haproxy';
import { listensOf, serverBlocks, LOOPBACK, expand, upstreamBlocks } from './nginx';
import { getOptions, SERVER_GROUPS } from '../parsers/mycnf/parser';

/** Addresses that say where a server listens, not who it is. */
const WILDCARD = /^(\*|0\.0\.0\.0|::|\[::\]|localhost|127\.\d+\.\d+\.\d+|::1)$/i;

/** `web-01`, `web01`, `WEB_1`, `447462-web-01`: the same host key (`web1`). */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/\d+/g, (d) => String(Number(d)));
}

/**
 * The inventory.yaml part: host name -> declared address, where it was written; and what is wrong with the
 * file (a learner who wrote one expects it to count: an entry that cannot count is said, never ignored).
 */
function declared(
  lab: LabSpec,
  inv: YamlData | undefined,
  problems: Diagnostic[],
): Array<{ host: string; address: string; span: Span }> {
  const out: Array<{ host: string; address: string; span: Span }> = [];
  if (!inv) return out;
  if (inv.diagnostics.length) {
    for (const d of inv.diagnostics)
      problems.push({
        ...d,
        code: 'inventory/invalid',
        severity: 'warning',
        message: `${inv.file} is not used: ${d.message}`,
      });
    return out;
  }
  const d = inv.data as Record<string, unknown> | undefined;
  const map =
    d && typeof d === 'object' && !Array.isArray(d) ? (d.hosts as Record<string, unknown> | undefined) : undefined;
  if (!map || typeof map !== 'object' || Array.isArray(map)) {
    problems.push(
      diagnostic(
        'inventory/no-hosts',
        'warning',
        `${inv.file} has no \`hosts:\` mapping of host name to address (e.g. \`${lab.hosts[0]?.name ?? 'host'}: 203.0.113.11\`), so it is not used`,
        inv.locate(['hosts']),
      ),
    );
    return out;
  }
  const names = new Set(lab.hosts.map((h) => h.name));
  for (const [k, v] of Object.entries(map)) {
    const addr =
      typeof v === 'string'
        ? v
        : v && typeof v === 'object' && typeof (v as { address?: unknown }).address === 'string'
          ? (v as { address: string }).address
          : undefined;
    if (!names.has(k))
      problems.push(
        diagnostic(
          'inventory/unknown-host',
          'warning',
          `${inv.file}: \`${k}\` is not a host of this lab (${[...names].join(', ')}); the entry is not used`,
          inv.locate(['hosts', k]),
        ),
      );
    else if (!addr || !addr.trim())
      problems.push(
        diagnostic(
          'inventory/no-address',
          'warning',
          `${inv.file}: \`${k}\` has no address (write \`${k}: <address>\`); the entry is not used`,
          inv.locate(['hosts', k]),
        ),
      );
    else out.push({ host: k, address: addr.trim(), span: inv.locate(['hosts', k]) });
  }
  return out;
}

export function readInventory(
  lab: LabSpec,
  hosts: Record<string, HostModel>,
  inv: YamlData | undefined,
  answers: YamlData | undefined,
  learner: (s: Span) => Span = (s) => s,
): Inventory {
  const entries: Record<string, InventoryEntry> = {};
  const spans: Record<string, Span> = {};
  const set = (host: string, address: string, origin: InventoryEntry['origin'], from: string, span?: Span): boolean => {
    if (entries[host] || !hosts[host]) return false;
    entries[host] = { address, origin, from, ...(span ? { span } : {}) };
    if (span) spans[host] = span;
    return true;
  };
  const labKey = (y?: YamlData) => {
    const d = y?.data as Record<string, unknown> | undefined;
    return d && typeof d === 'object' && typeof d.lab === 'string' ? d.lab : undefined;
  };

  const problems: Diagnostic[] = [];
  for (const d of declared(lab, inv, problems)) set(d.host, d.address, 'inventory', inv!.file, d.span);

  // the load balancer's frontend port: the lab's `lbPort` option (HTTP's port when the lab sets none)
  const lbPort = Number(lab.options?.lbPort ?? 80);
  const byRole = (role: string) => Object.values(hosts).filter((h) => h.role === role);
  const where = (s: Span) => {
    const l = learner(s);
    return `${l.file}:${l.line}`;
  };

  // 1. A host's own files: where it listens.
  for (const h of Object.values(hosts)) {
    if (entries[h.name]) continue;
    if (h.role === 'web') {
      for (const u of h.nginx) {
        for (const b of serverBlocks(u.parse)) {
          for (const l of listensOf(b)) {
            if (!WILDCARD.test(l.address) && !/^unix:/.test(l.address))
              set(
                h.name,
                l.address,
                'inferred',
                `listen ${l.address}:${l.port} (${where(l.directive.span)})`,
                l.directive.span,
              );
          }
        }
      }
    } else if (h.role === 'db-primary' || h.role === 'db-replica') {
      const cnfs = h.mycnf.map((u) => u.cnf);
      const binds = getOptions(cnfs, SERVER_GROUPS, 'bind_address');
      const b = binds[binds.length - 1];
      const values = (b?.value ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v && !WILDCARD.test(v));
      if (b && values.length === 1)
        set(h.name, values[0], 'inferred', `bind-address = ${values[0]} (${where(b.span)})`, b.valueSpan ?? b.span);
    } else if (h.role === 'load-balancer') {
      for (const u of h.haproxy) {
        for (const fe of frontendsOnPort(u.config, lbPort)) {
          const a = fe.address.host;
          if (a && !WILDCARD.test(a))
            set(
              h.name,
              a,
              'inferred',
              `bind ${a}:${lbPort} (${where(fe.bind.span)})`,
              fe.bind.words[1]?.span ?? fe.bind.span,
            );
        }
      }
    } else if (h.role === 'app') {
      for (const a of h.app) {
        const addr = a.bind?.address;
        if (addr && !WILDCARD.test(addr))
          set(h.name, addr, 'inferred', `${addr} (${where(a.bind!.span)})`, a.bind!.span);
      }
    }
  }

  // 2. What other hosts say: HAProxy's web servers (by name, then in order).
  const webs = byRole('web');
  for (const lb of byRole('load-balancer')) {
    for (const u of lb.haproxy) {
      const be = webBackend(u.config, lbPort);
      if (!be) continue;
      const servers = serversOf(be.section).filter((s) => s.address && !/^\$|^@/.test(s.address));
      const known = new Set(Object.values(entries).map((e) => e.address.toLowerCase()));
      const rest = servers.filter(
        (s) => !known.has(s.address!.toLowerCase()) && !webs.some((w) => w.name === s.address!.toLowerCase()),
      );
      const unmatched: typeof rest = [];
      for (const s of rest) {
        const key = nameKey(s.name);
        const w = webs.find(
          (x) => !entries[x.name] && key !== '' && (key === nameKey(x.name) || key.endsWith(nameKey(x.name))),
        );
        if (
          !w ||
          !set(
            w.name,
            s.address!,
            'inferred',
            `server ${s.name} ${s.address} in ${lb.name}'s backend (${where(s.line.span)})`,
            s.addressSpan,
          )
        )
          unmatched.push(s);
      }
      for (const s of unmatched) {
        // named after a web host (already placed elsewhere: a disagreement the checks report) or after one
        // the lab does not have (`web-03`): not the address of whichever web host is left
        const key = nameKey(s.name);
        const stem = (k: string) => k.replace(/\d+$/, '');
        if (
          webs.some(
            (x) =>
              nameKey(x.name) === key ||
              key.endsWith(nameKey(x.name)) ||
              (/\d$/.test(key) && stem(nameKey(x.name)) !== '' && stem(key).endsWith(stem(nameKey(x.name)))),
          )
        )
          continue;
        const w = webs.find((x) => !entries[x.name]);
        if (w)
          set(
            w.name,
            s.address!,
            'inferred',
            `server ${s.name} ${s.address} in ${lb.name}'s backend (${where(s.line.span)})`,
            s.addressSpan,
          );
      }
    }
  }

  // The replica's source is the primary.
  const primary = byRole('db-primary')[0];
  if (primary && !entries[primary.name]) {
    for (const r of byRole('db-replica')) {
      for (const u of r.sql) {
        for (const st of u.script.statements) {
          if (st.kind !== 'change-source') continue;
          const hostOpt = st.options.filter((o) => o.name === 'host').pop();
          if (
            hostOpt &&
            !WILDCARD.test(hostOpt.value) &&
            hostOpt.value !== r.name &&
            hostOpt.value !== entries[r.name]?.address
          ) {
            set(
              primary.name,
              hostOpt.value,
              'inferred',
              `${st.syntax} ... HOST='${hostOpt.value}' on ${r.name} (${where(hostOpt.span)})`,
              hostOpt.span,
            );
          }
        }
      }
    }
  }

  // The web servers' proxy_pass names the application server (when the lab has one).
  const app = byRole('app')[0];
  if (app && !entries[app.name]) {
    for (const w of webs) {
      for (const u of w.nginx) {
        const stack = [...expand(u.parse, u.parse.configs[0]?.parsed ?? [])];
        while (stack.length && !entries[app.name]) {
          const d = stack.pop()!;
          if (d.block) stack.push(...expand(u.parse, d.block));
          if (d.directive !== 'proxy_pass') continue;
          const m = /^https?:\/\/(\[[^\]]+\]|[^/:$]+)/i.exec(d.args[0] ?? '');
          const target = m?.[1];
          if (!target || WILDCARD.test(target) || LOOPBACK.test(target)) continue;
          if (Object.values(entries).some((e) => e.address === target) || Object.keys(hosts).includes(target)) continue;
          if (upstreamBlocks(u.parse, target).length) continue;
          set(
            app.name,
            target,
            'inferred',
            `proxy_pass ${d.args[0]} on ${w.name} (${where(d.span)})`,
            d.argv[0]?.span ?? d.span,
          );
        }
      }
    }
  }

  for (const h of lab.hosts)
    if (!entries[h.name])
      entries[h.name] = {
        address: h.address,
        origin: 'default',
        from: `the lab's sandbox address (nothing in the submission names ${h.name}'s address)`,
      };
  const out: Inventory = {
    hosts: Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, e.address])),
    entries,
    spans,
    diagnostics: problems,
  };
  if (inv) out.file = inv.file;
  const lk = labKey(inv) ?? labKey(answers);
  if (lk) out.lab = lk;
  return out;
}
