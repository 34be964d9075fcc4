/**
 * The fallback when network and mount namespaces are not allowed: every host on its own loopback
 * address 127.A.B.x (A.B random per run, so concurrent runs do not collide; x = the last octet of
 * the inventory address), and the learner's configs rewritten to match: their addresses, wildcard
 * binds (which would otherwise listen on every interface of the machine), stock paths (to the
 * run's per-host folders) and `$hostname` (there is no per-host hostname without a UTS namespace).
 * Every rewrite is reported.
 */
import {
  lstatSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { HostPlan } from './discover';
import type { Mount } from './sandbox';
import type { Change } from './change';

export interface LoopbackMap {
  /** inventory address -> loopback address */
  addr: Map<string, string>;
  /** inventory address -> this host's private loopback address (for its 127.0.0.1) */
  local: Map<string, string>;
  /** The /16 prefix of this run, `127.A.B`. */
  prefix: string;
}

export function loopbackMap(hosts: Array<{ address: string }>): LoopbackMap {
  const a = 100 + Math.floor(Math.random() * 150);
  const b = 1 + Math.floor(Math.random() * 250);
  const prefix = `127.${a}.${b}`;
  const addr = new Map<string, string>();
  const local = new Map<string, string>();
  const used = new Set<string>();
  let next = 2;
  for (const h of hosts) {
    let last = h.address.split('.')[3] ?? '';
    if (!/^\d+$/.test(last) || Number(last) < 2 || Number(last) > 254 || used.has(last)) {
      while (used.has(String(next))) next++;
      last = String(next);
    }
    used.add(last);
    addr.set(h.address, `${prefix}.${last}`);
    local.set(h.address, `127.${a}.${(b + 1) % 256}.${last}`);
  }
  return { addr, local, prefix };
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function count(text: string, re: RegExp): number {
  return (text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')) ?? []).length;
}

/** Replaces the inventory addresses (whole addresses only). */
export function rewriteAddresses(text: string, map: LoopbackMap): { text: string; rewrites: string[] } {
  const rewrites: string[] = [];
  for (const [from, to] of map.addr) {
    const re = new RegExp(`(?<![\\d.])${esc(from)}(?![\\d])`, 'g');
    const n = count(text, re);
    if (n) {
      text = text.replace(re, to);
      rewrites.push(`${from} -> ${to} (${n}x)`);
    }
  }
  return { text, rewrites };
}

/** Wildcard and address-less listens bound to the host's own loopback address. */
export function rewriteBinds(
  kind: 'nginx' | 'haproxy' | 'mycnf',
  text: string,
  own: string,
  local: string,
): { text: string; rewrites: string[] } {
  const rewrites: string[] = [];
  const sub = (re: RegExp, to: (...m: string[]) => string, what: string): void => {
    const n = count(text, re);
    if (n) {
      text = text.replace(re, to as never);
      rewrites.push(`${what} (${n}x)`);
    }
  };
  // "this host only" (127.0.0.1, localhost) becomes an address of this host that no other host uses
  sub(
    /(?<![\d.])(?:127\.0\.0\.1|localhost)(?![\d.\w])/g,
    () => local,
    `127.0.0.1 (this host only) -> ${local}, an address no other host connects to`,
  );
  if (kind === 'nginx') {
    sub(
      /^([^\S\n]*listen\s+)\[::\]:?(\d*)([^;\n]*);/gm,
      () => '# (IPv6 listen removed by live mode)',
      'IPv6 `listen [::]` removed',
    );
    sub(
      /^([^\S\n]*listen\s+)(?:\*:|0\.0\.0\.0:)?(\d+)(?=[\s;])/gm,
      (_m, a, p) => `${a}${own}:${p}`,
      `address-less \`listen\` bound to ${own}`,
    );
    sub(
      /\$hostname\b/g,
      () => '$wil_host',
      "`$hostname` (the machine's name without a UTS namespace) replaced by the host name",
    );
  } else if (kind === 'haproxy') {
    sub(
      /^([^\S\n]*bind\s+)(?:\*|0\.0\.0\.0|::|\[::\])?:(\d+)/gm,
      (_m, a, p) => `${a}${own}:${p}`,
      `wildcard \`bind\` bound to ${own}`,
    );
  } else {
    sub(
      /^([ \t]*bind[-_]address[ \t]*=[ \t]*)(?:0\.0\.0\.0|\*|::)[ \t]*$/gim,
      (_m, a) => `${a}${own}`,
      `wildcard bind-address bound to ${own}`,
    );
  }
  return { text, rewrites };
}

/** Stock paths (the mount targets) -> the run's folders (the mount sources). */
export function rewritePaths(text: string, mounts: Mount[]): { text: string; rewrites: string[] } {
  const rewrites: string[] = [];
  const sorted = [...mounts].sort((a, b) => b.target.length - a.target.length);
  // one pass with an alternation, so a replaced path is never replaced again
  const re = new RegExp(
    `(?<![\\w./-])(${sorted.map((m) => esc(m.target) + (m.target === '/run' ? '|/var/run' : '')).join('|')})(?=[/\\s;"'\`:,)]|$)`,
    'gm',
  );
  const seen = new Map<string, number>();
  text = text.replace(re, (m) => {
    const target = m === '/var/run' ? '/run' : m;
    const mt = sorted.find((x) => x.target === target);
    if (!mt) return m;
    seen.set(m, (seen.get(m) ?? 0) + 1);
    return mt.src;
  });
  for (const [k, n] of seen) rewrites.push(`${k} -> run dir (${n}x)`);
  return { text, rewrites };
}

/** SQL: account host parts become 127.0.0.1 (every loopback client comes from there), addresses elsewhere are mapped. */
export function rewriteSql(text: string, map: LoopbackMap): { text: string; rewrites: string[] } {
  const rewrites: string[] = [];
  let n = 0;
  text = text.replace(/@(['"`])([^'"`]+)\1/g, (m, q: string, host: string) => {
    if (map.addr.has(host)) {
      n++;
      return `@${q}127.0.0.1${q}`;
    }
    if (/^\d+\.\d+\.\d+\.%$/.test(host) || /^\d+\.\d+\.%$/.test(host)) {
      n++;
      return `@${q}127.%${q}`;
    }
    return m;
  });
  if (n) rewrites.push(`account hosts -> 127.0.0.1 / 127.% (${n}x): on loopback every client connects from 127.0.0.1`);
  const a = rewriteAddresses(text, map);
  return { text: a.text, rewrites: [...rewrites, ...a.rewrites] };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * Rewrites a host's copied config tree in place: paths in every text file, symlinks that point
 * into a stock tree, and (in the learner's own files) addresses and binds.
 */
export function rewriteTree(
  host: HostPlan,
  tree: string,
  kind: 'nginx' | 'haproxy' | 'mycnf',
  mounts: Mount[],
  map: LoopbackMap,
  learnerFiles: Map<string, string>,
  changes: Change[],
): void {
  const inv = host.origAddress ?? host.address;
  const own = map.addr.get(inv) ?? host.address;
  for (const f of walk(tree)) {
    const st = lstatSync(f);
    if (st.isSymbolicLink()) {
      // resolve it as the stock tree would (/etc/mysql/my.cnf -> /etc/alternatives/my.cnf ->
      // /etc/mysql/mariadb.cnf), then point it at the run dir's copy when it lands in a copied tree
      const mount = mounts.find((m) => m.src === tree);
      let target = readlinkSync(f);
      if (mount) {
        try {
          target = realpathSync(mount.target + f.slice(tree.length));
        } catch {
          /* dangling in the stock tree too: keep as is */
        }
      }
      const r = rewritePaths(target, mounts);
      unlinkSync(f);
      symlinkSync(r.text, f);
      continue;
    }
    if (st.size > 1024 * 1024) continue;
    const before = readFileSync(f, 'utf8');
    if (before.includes('\0')) continue;
    let text = before;
    const notes: string[] = [];
    const p = rewritePaths(text, mounts);
    text = p.text;
    if (learnerFiles.has(f)) {
      const a = rewriteAddresses(text, map);
      const b = rewriteBinds(kind, a.text, own, map.local.get(inv) ?? own);
      text = b.text;
      notes.push(...p.rewrites, ...a.rewrites, ...b.rewrites);
      if (kind === 'nginx' && text.includes('$wil_host')) text = text.replace(/\$wil_host/g, host.name);
    }
    if (text !== before) {
      writeFileSync(f, text);
      if (notes.length)
        changes.push({
          host: host.name,
          file: learnerFiles.get(f),
          what: `loopback mode rewrote it: ${notes.join('; ')}`,
        });
    }
  }
}
