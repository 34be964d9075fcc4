import type { CheckContext } from '../context';
import type { HostModel } from '../../model/types';
import type { MyCnfFile, MyCnfOption } from '../../parsers/mycnf/ast';
import type { GrantStatement, SqlStatement } from '../../parsers/sql/ast';
import { getOption, getOptions, normalizeOptionName, SERVER_GROUPS } from '../../parsers/mycnf/parser';
import { editDistance } from '../../editDistance';
import { eachHost, focusHost } from '../util';

export const NOT_FOUND =
  "No MySQL option file found in {{host}}/ (put the server's .cnf file, or the script that writes it, in that folder).";
export const NOT_FOUND_SQL = 'No SQL found in {{host}}/ (put the statements you ran, e.g. setup.sql, in that folder).';

export function cnfs(host: HostModel): MyCnfFile[] {
  return host.mycnf.map((u) => u.cnf);
}

/** The value the server uses for an option (last one wins across the host's files). */
export function option(host: HostModel, name: string): MyCnfOption | undefined {
  return getOption(cnfs(host), SERVER_GROUPS, name);
}

/**
 * An option of the host's server groups whose name is a near miss of `name` (`sever-id`, `login_bin`, `readonly`):
 * no server option has such a name, so MariaDB refuses to start ("unknown variable"), or ignores it when it has
 * the `loose-` prefix. Only asked when `name` itself is absent. A prefix of the name is not one: MariaDB takes a
 * unique prefix for the whole name.
 */
export function misspeltOption(host: HostModel, name: string): MyCnfOption | undefined {
  const want = normalizeOptionName(name).name;
  const squash = (n: string) => n.replace(/_/g, '');
  const gs = new Set(SERVER_GROUPS);
  let best: { o: MyCnfOption; d: number } | undefined;
  for (const f of cnfs(host))
    for (const o of f.options) {
      if (!gs.has(o.group) || o.name === want || want.startsWith(o.name) || o.name.length < 4) continue;
      const d = editDistance(squash(o.name), squash(want), 2);
      if (d <= 2 && (!best || d < best.d)) best = { o, d };
    }
  return best?.o;
}

/** The `misspelt` message of the checks that ask for one option (the data `misspeltData` gives). */
export const MISSPELT =
  '`{{raw}}` on {{host}} is not `{{want}}`: no server option has that name, so MariaDB {{effect}}, and {{host}} has no `{{want}}`. Spell it `{{want}}`.';

export function misspeltData(host: HostModel, o: MyCnfOption, want: string): Record<string, string> {
  return {
    raw: o.rawName,
    host: host.name,
    want,
    effect: o.loose ? 'ignores it (the `loose-` prefix)' : 'refuses to start ("unknown variable")',
  };
}

export function options(host: HostModel, name: string): MyCnfOption[] {
  return getOptions(cnfs(host), SERVER_GROUPS, name);
}

export function statements(host: HostModel): SqlStatement[] {
  return host.sql.flatMap((u) => u.script.statements);
}

export function dbHosts(ctx: CheckContext): { primary?: HostModel; replica?: HostModel } {
  return { primary: focusHost(ctx, 'db-primary'), replica: focusHost(ctx, 'db-replica') };
}

/** A cnf host with no option file: reports `not-found`; returns whether the host has one. */
export function needCnf(ctx: CheckContext, host: HostModel | undefined): host is HostModel {
  if (!host) return false;
  if (host.mycnf.length === 0) {
    ctx.report({ messageId: 'not-found', data: { host: host.name } });
    return false;
  }
  return true;
}

/** `ON`, `1`, `TRUE`, or a bare option turn a boolean on. */
export function isOn(o: MyCnfOption | undefined): boolean {
  if (!o) return false;
  if (o.value === undefined) return true;
  return /^(on|1|true|yes|force)$/i.test(o.value.trim());
}

export const REPLICATION_PRIVS = new Set(['REPLICATION SLAVE', 'REPLICATION REPLICA']);
/** Privileges a replication account may reasonably also have (monitoring its own state). */
export const HARMLESS_PRIVS = new Set([
  'REPLICATION CLIENT',
  'BINLOG MONITOR',
  'SLAVE MONITOR',
  'REPLICA MONITOR',
  'USAGE',
]);

export function replicationGrants(host: HostModel): GrantStatement[] {
  return statements(host).filter(
    (s): s is GrantStatement =>
      s.kind === 'grant' && s.privileges.some((p) => REPLICATION_PRIVS.has(p) || p === 'ALL' || p === 'ALL PRIVILEGES'),
  );
}

const SUFFIX: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

/**
 * An unsigned numeric option as mariadbd reads it at start-up (mysys `eval_num_suffix` + `getopt_ull`):
 * `strtoll` of the leading number, then one optional K/M/G/T/P/E suffix; any other character after
 * the number is "Unknown suffix" and the server refuses to start (`server-id = 1symbolic-links=0`,
 * two lines merged by a paste, is such a value). Values past `max` are adjusted down with a warning,
 * negative ones up to 0.
 */
export function serverUnsigned(
  raw: string | undefined,
  max: number,
): { value: number; adjusted?: boolean } | { error: string } {
  const text = (raw ?? '').trim();
  const m = /^([+-]?\d*)(.?)/.exec(text)!;
  const digits = m[1];
  const next = m[2];
  let value = digits === '' || digits === '+' || digits === '-' ? 0 : Number(digits);
  if (next) {
    const mult = SUFFIX[next.toLowerCase()];
    if (mult === undefined) return { error: `Unknown suffix '${next}'` };
    value *= mult;
  }
  if (value < 0) return { value: 0, adjusted: true };
  if (value > max) return { value: max, adjusted: true };
  return { value };
}

export const SERVER_ID_MAX = 4294967295;

/** Runs a check's logic once per replica (a lab may have several), each seeing it as `dbHosts(ctx).replica`. */
export function eachReplica<C extends CheckContext>(run: (ctx: C) => void): (ctx: C) => void {
  return eachHost('db-replica', run);
}
