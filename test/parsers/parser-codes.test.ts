/**
 * One parser contract (#13 item 5), for the HAProxy, Nginx, my.cnf and SQL parsers (the shell parser's own
 * test is shell-codes.test.ts): each has a codes.ts whose message table, keyed by code, lists exactly the
 * codes its sources can emit; every message id a source uses (`code` or `code#variant`) has its template,
 * every variant is used, and no template is empty or malformed; the same for the hints, keyed like
 * the messages. (That each call passes the data its
 * template's placeholders need is checked by tsc: codes.ts types it.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAPROXY_HINTS, HAPROXY_MESSAGES } from '../../labs/core/parsers/haproxy/codes';
import { MYCNF_HINTS, MYCNF_MESSAGES } from '../../labs/core/parsers/mycnf/codes';
import { NGINX_HINTS, NGINX_MESSAGES } from '../../labs/core/parsers/nginx/codes';
import { SQL_HINTS, SQL_MESSAGES } from '../../labs/core/parsers/sql/codes';
import { KEEPALIVED_HINTS, KEEPALIVED_MESSAGES } from '../../labs/core/parsers/keepalived/codes';

type Table = Record<string, string | Record<string, string>>;

const PARSERS: Array<{ name: string; table: Table; hints: Record<string, string>; prefixes: string[] }> = [
  { name: 'haproxy', table: HAPROXY_MESSAGES, hints: HAPROXY_HINTS, prefixes: ['haproxy'] },
  { name: 'nginx', table: NGINX_MESSAGES, hints: NGINX_HINTS, prefixes: ['nginx'] },
  // the my.cnf parser reports a missing entry file as file/not-found (decodeText's family of codes)
  { name: 'mycnf', table: MYCNF_MESSAGES, hints: MYCNF_HINTS, prefixes: ['mycnf', 'file'] },
  { name: 'sql', table: SQL_MESSAGES, hints: SQL_HINTS, prefixes: ['sql'] },
  { name: 'keepalived', table: KEEPALIVED_MESSAGES, hints: KEEPALIVED_HINTS, prefixes: ['keepalived'] },
];

function sources(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') && e.name !== 'codes.ts' ? [p] : [];
  });
}

for (const { name, table, hints, prefixes } of PARSERS) {
  const dir = path.join(__dirname, '../../labs/core/parsers', name);
  const ID = new RegExp(`'((?:${prefixes.join('|')})/[a-z0-9-]+)(?:#([a-z0-9-]+))?'`, 'g');
  const ids = sources(dir).flatMap((f) =>
    [...fs.readFileSync(f, 'utf8').matchAll(ID)].map((m) => ({ code: m[1], variant: m[2] })),
  );

  describe(`${name} diagnostic codes and messages`, () => {
    it('the table lists exactly the codes the sources emit', () => {
      expect([...new Set(ids.map((i) => i.code))].sort()).toEqual(Object.keys(table).sort());
    });

    it('every message or hint id the sources use has a template', () => {
      const missing = ids.filter(({ code, variant }) => {
        const entry = table[code];
        // a bare code may name a code with variants (a comparison, a literal whose message names its variant)
        if (entry === undefined) return true;
        if (variant === undefined) return false;
        return (typeof entry === 'string' || entry[variant] === undefined) && hints[`${code}#${variant}`] === undefined;
      });
      expect(missing).toEqual([]);
    });

    it('every variant of the table is used, and no template is empty or malformed', () => {
      const used = new Set(ids.map((i) => (i.variant ? `${i.code}#${i.variant}` : i.code)));
      for (const [code, entry] of Object.entries(table)) {
        const templates = typeof entry === 'string' ? { '': entry } : entry;
        for (const [variant, t] of Object.entries(templates)) {
          expect(used.has(variant ? `${code}#${variant}` : code), `${code}#${variant} is used`).toBe(true);
          expect(t.length).toBeGreaterThan(0);
          expect(t.replace(/\{\{\w+\}\}/g, ''), `${code} ${variant}: stray braces`).not.toMatch(/\{\{|\}\}/);
        }
      }
    });

    it('every hint is keyed by a listed code and used', () => {
      const used = new Set(ids.map((i) => (i.variant ? `${i.code}#${i.variant}` : i.code)));
      for (const [key, t] of Object.entries(hints)) {
        expect(Object.keys(table), key).toContain(key.split('#')[0]);
        expect(used.has(key), `${key} is used`).toBe(true);
        expect(t.length).toBeGreaterThan(0);
        expect(t.replace(/\{\{\w+\}\}/g, ''), `${key}: stray braces`).not.toMatch(/\{\{|\}\}/);
      }
    });
  });
}

describe('the one message left outside a table', () => {
  it("the Nginx fast path's stock-include finding (FastStream, kept as written) says what the table says", () => {
    // the fast path is guarded by the parse benchmark and left untouched: its text must not drift from the table
    const src = fs.readFileSync(path.join(__dirname, '../../labs/core/parsers/nginx/parser.ts'), 'utf8');
    const fast = src.slice(src.indexOf('stockInclude(): boolean {'), src.indexOf('run(): boolean {'));
    const asWritten = (t: string) => t.replace(/\{\{path\}\}/g, '${arg}');
    expect(fast).toContain('`' + asWritten(NGINX_MESSAGES['nginx/include-stock'].absolute) + '`');
    expect(fast).toContain(`{ hint: '${NGINX_HINTS['nginx/include-stock#absolute']}' }`);
  });
});
