/**
 * The real nginx (`nginx -t`) against our parser on every conformance case: wherever nginx reports
 * a *syntax* error, we report one on the same line of the same file, and we report no syntax error
 * in the part of a file nginx read without finding one.
 *
 * nginx stops at its first error. When that error is semantic (an unknown module directive, a host
 * that does not resolve, a missing include), the statement it names is blanked out (spaces, lines
 * kept) and nginx runs again, so the whole file gets a syntax verdict.
 *
 * KNOWN semantic differences (not syntax, so not compared):
 * - `*_by_lua_block` directives belong to the third-party Lua module, which Debian's nginx lacks:
 *   nginx reads their bodies as nginx syntax. They are blanked out before nginx runs (crossplane and
 *   we read the body as one Lua token).
 * - crossplane accepts `"a"b` (a quote followed by a character); nginx rejects it (`unexpected "b"`);
 *   our parser keeps crossplane's tokens and reports nginx's error (nginx/unexpected-after-quote).
 * - unknown directives, contexts, argument counts, `host not found`, missing include files and the
 *   missing `events` section are semantic (nginx module knowledge / the machine), not syntax.
 * - line of "missing ;": nginx names the line of the token that shows it (the next "}" or "{");
 *   crossplane names the directive's line; our diagnostic spans both (statement start to terminator).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNginx, type NginxDirective, type NginxParse } from '../../../labs/core/parsers/nginx/index';
import { LUA_BLOCK_DIRECTIVES } from '../../../labs/core/parsers/nginx/lexer';
import { NGINX_CASES, nginxCaseNames, treeFromDir } from './helpers';

function findNginx(): string | undefined {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    const r = spawnSync(p, ['-v'], { timeout: 10_000 });
    if (r.status === 0) return p;
  }
  return undefined;
}
const NGINX = findNginx();
if (!NGINX && process.env.CI === 'true') {
  describe('real nginx', () => {
    it('nginx must be installed in CI', () => {
      expect(NGINX, 'nginx is not installed (apt-get install nginx-light)').toBeDefined();
    });
  });
}

/** Our findings that are syntax errors in nginx's sense. */
const SYNTAX_CODES = new Set([
  'nginx/unexpected-close',
  'nginx/unexpected-eof',
  'nginx/unterminated-quote',
  'nginx/unexpected-token',
  'nginx/unexpected-after-quote',
  'nginx/missing-semicolon',
  'nginx/no-opening-brace',
  'nginx/lua-block',
]);
const NGINX_SYNTAX =
  /^(unexpected |unbalanced|directive "[^"]+" is not terminated by ";"|directive "[^"]+" has no opening "\{")/;

interface NginxVerdict {
  ok: boolean;
  message?: string;
  file?: string;
  line?: number;
}

const tmpRoot = mkdtempSync(path.join(tmpdir(), 'wil-real-nginx-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

function runNginx(dir: string, entry: string): NginxVerdict {
  const r = spawnSync(
    NGINX!,
    [
      '-t',
      '-q',
      '-p',
      dir + '/',
      '-e',
      path.join(dir, 'error.log'),
      '-c',
      path.join(dir, entry),
      '-g',
      `pid ${path.join(dir, 'nginx.pid')};`,
    ],
    {
      timeout: 15_000,
      encoding: 'utf8',
    },
  );
  if (r.status === 0) return { ok: true };
  const m = /\[emerg\] (.*?)(?: in (\/\S+?):(\d+))?$/m.exec(r.stderr);
  if (!m) return { ok: false, message: r.stderr.trim() };
  return {
    ok: false,
    message: m[1],
    file: m[2] ? path.relative(dir, m[2]) : undefined,
    line: m[3] ? Number(m[3]) : undefined,
  };
}

/** Replaces offsets [start, end) of a file with spaces, keeping newlines (line numbers stay). */
function blank(file: string, start: number, end: number): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end));
}

function walk(ds: NginxDirective[], fn: (d: NginxDirective) => void): void {
  const stack = [...ds];
  while (stack.length) {
    const d = stack.pop()!;
    fn(d);
    if (d.block) stack.push(...d.block);
  }
}

function statementsOf(p: NginxParse, file: string): NginxDirective[] {
  const out: NginxDirective[] = [];
  for (const c of p.configs) if (c.file === file) walk(c.parsed, (d) => out.push(d));
  return out;
}

const cases: Array<[string, string]> = [];
for (const name of nginxCaseNames()) {
  if (name === 'missing-semicolon') cases.push([name, 'broken-above.conf'], [name, 'broken-below.conf']);
  else cases.push([name, 'nginx.conf']);
}

/** Syntax slips learners make, beyond the conformance corpus. */
const SNIPPETS: Record<string, string> = {
  'unbalanced-quote': 'events {}\nhttp {\n  server {\n    server_name "abc;\n  }\n}\n',
  'eof-in-block': 'events {}\nhttp {\n  server {\n    listen 8080;\n',
  'stray-close': 'events {}\nhttp {\n}\n}\n',
  'stray-semicolon': 'events {}\n;\nhttp {}\n',
  'quote-then-brace': 'events {}\nhttp {\n  server {\n    return 200 "x"}\n}\n',
  'missing-semicolon-before-block': 'events {}\nhttp {\n  server {\n    listen 8080\n    location / { }\n  }\n}\n',
  'eof-after-directive': 'events {}\nhttp {}\nworker_processes 1',
  'good-with-quotes-and-escapes':
    'events {}\nhttp {\n  server {\n    listen 8080;\n    location ~ "\\.php$" { return 200 "a \\" b;"; }\n    location /x { return 200 \'it\\\'s\'; }\n  }\n}\n',
};
for (const name of Object.keys(SNIPPETS)) cases.push([`snippet:${name}`, 'nginx.conf']);

describe.skipIf(!NGINX)('real nginx -t agrees with the parser on syntax', () => {
  for (const [name, entry] of cases) {
    it(`${name}/${entry}`, () => {
      const dir = path.join(tmpRoot, `${name.replace(':', '-')}-${entry}`);
      if (name.startsWith('snippet:')) {
        // a snippet is a whole nginx.conf of its own: it needs nothing from the conformance corpus
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, entry), SNIPPETS[name.slice('snippet:'.length)]);
      } else cpSync(path.join(NGINX_CASES, name), dir, { recursive: true });

      // stub the Lua module: blank out every *_by_lua_block statement (known difference)
      let p = parseNginx(treeFromDir(dir), entry);
      for (const c of p.configs) {
        const lua = statementsOf(p, c.file)
          .filter((d) => LUA_BLOCK_DIRECTIVES.has(d.directive))
          .sort((a, b) => b.fullSpan.offset! - a.fullSpan.offset!);
        for (const d of lua) blank(path.join(dir, c.file), d.fullSpan.offset!, d.fullSpan.endOffset!);
      }

      // run nginx; blank out statements it rejects for semantic reasons, until it reports syntax or passes
      let verdict = runNginx(dir, entry);
      const semantic: string[] = [];
      for (
        let round = 0;
        round < 20 && !verdict.ok && verdict.file && verdict.line && !NGINX_SYNTAX.test(verdict.message!);
        round++
      ) {
        semantic.push(`${verdict.file}:${verdict.line} ${verdict.message}`);
        p = parseNginx(treeFromDir(dir), entry);
        const at = statementsOf(p, verdict.file).filter(
          (d) => d.directive !== '#' && d.span.line <= verdict.line! && d.fullSpan.endLine! >= verdict.line!,
        );
        // the innermost statement on that line
        const target = at.sort(
          (a, b) => a.fullSpan.endOffset! - a.fullSpan.offset! - (b.fullSpan.endOffset! - b.fullSpan.offset!),
        )[0];
        if (!target) break;
        blank(path.join(dir, verdict.file), target.fullSpan.offset!, target.fullSpan.endOffset!);
        verdict = runNginx(dir, entry);
      }
      const nginxSyntax =
        !verdict.ok && verdict.message !== undefined && NGINX_SYNTAX.test(verdict.message) ? verdict : undefined;
      // a remaining semantic error with no file/line (e.g. no "events" section) comes after the whole parse
      if (!verdict.ok && !nginxSyntax && verdict.line !== undefined)
        semantic.push(`${verdict.file}:${verdict.line} ${verdict.message} (not neutralised)`);

      p = parseNginx(treeFromDir(dir), entry);
      const ours = p.diagnostics.filter((d) => SYNTAX_CODES.has(d.code));
      const covers = (d: (typeof ours)[number], file: string, line: number) =>
        d.span.file === file && d.span.line <= line && (d.span.endLine ?? d.span.line) >= line;

      if (nginxSyntax) {
        // nginx's syntax error: we report one on that line
        expect(
          ours.some((d) => covers(d, nginxSyntax.file!, nginxSyntax.line!)),
          `nginx: ${nginxSyntax.message} at ${nginxSyntax.file}:${nginxSyntax.line}; ours: ${JSON.stringify(ours.map((d) => [d.code, d.span]))}`,
        ).toBe(true);
        // and none earlier in that file (nginx read that part without a syntax error)
        const earlier = ours.filter(
          (d) => d.span.file === nginxSyntax.file && (d.span.endLine ?? d.span.line) < nginxSyntax.line!,
        );
        expect(earlier, `syntax errors we report before nginx's first one (${semantic.join('; ')})`).toEqual([]);
      } else {
        // nginx found no syntax error in what it read: neither do we
        expect(
          ours,
          `nginx: ${verdict.ok ? 'syntax is ok' : verdict.message} (semantic errors neutralised: ${semantic.join('; ') || 'none'})`,
        ).toEqual([]);
      }
    });
  }
});
