/**
 * The streaming crossplane writer (`parseNginxCrossplane`, what `parse --format crossplane` runs)
 * must print byte for byte what `JSON.stringify(toCrossplane(parseNginx(...)))` prints, with the
 * same diagnostics, on every conformance case, every tricky case and generated inputs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../../labs/core/vfs';
import {
  joinChunks,
  parseNginx,
  parseNginxCrossplane,
  toCrossplane,
  toCrossplaneJSON,
  treeSource,
} from '../../../labs/core/parsers/nginx/index';
import { NGINX_CASES, NGINX_EXPECTED, nginxCaseNames, treeFromDir } from './helpers';

const dec = new TextDecoder();

function same(tree: MemoryTree, entry: string, comments: boolean): string {
  const p = parseNginx(tree, entry, { comments });
  const want = JSON.stringify(toCrossplane(p, { comments }));
  // the AST path's byte writer (toCrossplaneJSON without indent) prints the same text
  expect(toCrossplaneJSON(p, { comments })).toBe(want);
  const s = parseNginxCrossplane(treeSource(tree), entry, { comments });
  expect(dec.decode(joinChunks(s.chunks))).toBe(want);
  expect(s.parse.diagnostics).toEqual(p.diagnostics);
  expect(s.parse.configs.map((c) => [c.file, c.status, c.crossplaneErrors, !!c.aborted])).toEqual(
    p.configs.map((c) => [c.file, c.status, c.crossplaneErrors, !!c.aborted]),
  );
  // written over junk, as the CLI writes over the file's own buffer: the same bytes
  const len = treeSource(tree).read(entry)?.text.length ?? 0;
  const scratch = new Uint8Array(Math.max(1 << 16, 3 * len + 4096)).fill(0xab);
  const w = parseNginxCrossplane(treeSource(tree), entry, { comments, scratch });
  expect(dec.decode(joinChunks(w.chunks))).toBe(want);
  expect(w.parse.diagnostics).toEqual(p.diagnostics);
  if (w.chunks.length > 2) expect(w.chunks[1].buffer).toBe(scratch.buffer);
  // too small to hold the payload: not used
  const small = new Uint8Array(16).fill(0xab);
  expect(
    dec.decode(joinChunks(parseNginxCrossplane(treeSource(tree), entry, { comments, scratch: small }).chunks)),
  ).toBe(want);
  expect(small.every((b) => b === 0xab)).toBe(true);
  return want;
}

const one = (text: string) => new MemoryTree({ 'nginx.conf': text });

describe('streaming crossplane payload equals JSON.stringify(toCrossplane())', () => {
  for (const name of nginxCaseNames()) {
    const entries = name === 'missing-semicolon' ? ['broken-above.conf', 'broken-below.conf'] : ['nginx.conf'];
    for (const entry of entries) {
      for (const comments of [false, true]) {
        it(`conformance ${name}/${entry}${comments ? ' (comments)' : ''}`, () => {
          const text = same(treeFromDir(path.join(NGINX_CASES, name)), entry, comments);
          const file = `${name === 'missing-semicolon' ? `${name}--${entry.replace('.conf', '')}` : name}${comments ? '.with-comments' : ''}.json`;
          expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(path.join(NGINX_EXPECTED, file), 'utf8')));
        });
      }
    }
  }

  const casesDir = path.join(__dirname, 'cases');
  for (const name of readdirSync(casesDir).sort()) {
    it(`tricky case ${name}`, () => {
      const expected = JSON.parse(readFileSync(path.join(casesDir, name, 'expect.json'), 'utf8'));
      const full = treeFromDir(path.join(casesDir, name));
      const tree = new MemoryTree(
        new Map(
          full
            .list()
            .filter((f) => f !== 'expect.json')
            .map((f) => [f, full.read(f)!]),
        ),
      );
      for (const comments of [false, true]) same(tree, expected.entry, comments);
    });
  }

  const texts: Array<[string, string]> = [
    ['comments between arguments of a block directive', 'http { server # a\n # b\n { listen 80; } }\n'],
    ['comment between arguments of a simple directive', 'events { worker_connections # n\n 10; }\n'],
    ['invalid statements with blocks', 'http { events { x; } listen 80; server { listen 80 } }\nhttp {}\n'],
    ['not terminated by "}"', 'http { server { listen 80 } }\n'],
    ['unexpected "}" at the top', 'events {}\n}\nuser x;\n'],
    ['aborted: end of file in a block', 'http { server { listen 80;\n'],
    ['aborted: end of file after a name', 'http { server { listen 80; } }\nuser'],
    [
      'escapes, quotes, non-ASCII, control characters',
      'http { add_header X "a\\"b\\\\c" \'d\\\'e\'; return 200 "é ☃ \u0001\t\u007f\ud83d\ude00"; set $a \\;; }\n',
    ],
    [
      'lone surrogates and every control character',
      `http { return 200 "\ud800x\udc00 ${Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('')}"; x\u0010y; }\n`,
    ],
    [
      'on/off flags (the analyzer reads the value)',
      'http { sendfile maybe; gzip on; gzip ON; tcp_nodelay "off"; gzip a b; }\n',
    ],
    ['a directive name with ${...} (the lexer leaves it unsliced)', '${x}y 1;\nhttp { a${b}c d${e}; }\n'],
    [
      'the same directive and argument count in another context or with another terminator',
      'http { server { listen 80; } listen 80; server { listen 81 { } } }\nevents { worker_connections 1; } http { worker_connections 1; }\n',
    ],
    ['if parentheses', 'http { server { if ( $a = b ) { return 403; } if ($x) { } } }\n'],
    ['lua block', 'http { server { location / { content_by_lua_block { ngx.say("}") -- }\n } } } }\n'],
    ['stray semicolons and braces', ';;; {}\nhttp { ; }\n'],
    ['unknown directives and comments at the top', '# top\nfoo bar;\nhttp { # in\n baz; }\n'],
    // line numbers of every digit count (the fast path writes their digits itself)
    [
      'line numbers up to seven digits',
      [1, 9, 10, 99, 100, 999, 1000, 99999, 100000, 1234567]
        .map((l, k, a) => '\n'.repeat(l - (k ? a[k - 1] : 1)) + `events { } `)
        .join('') + '\n',
    ],
  ];
  for (const [name, text] of texts) {
    it(name, () => {
      for (const comments of [false, true]) same(one(text), 'nginx.conf', comments);
    });
  }

  it('includes (plain, globbed, missing, outside) give the same payload', () => {
    const tree = new MemoryTree({
      'nginx.conf':
        'http { include conf.d/*.conf; include missing.conf; include ../x.conf; include /etc/nginx/mime.types; include sites/a; }\n',
      'conf.d/a.conf': 'server { listen 80; # c\n }\n',
      'conf.d/b.conf': 'server { listen 81 }\n',
      'sites/a': 'upstream u { server 127.0.0.1; }\n',
    });
    for (const comments of [false, true]) same(tree, 'nginx.conf', comments);
  });

  it('any text made of nginx syntax characters (property)', () => {
    const piece = fc.constantFrom(
      'http',
      'server',
      'listen',
      '80',
      'location',
      '/',
      'if',
      '($a)',
      'x',
      '{',
      '}',
      ';',
      ' ',
      '\n',
      '#c\n',
      '"q;"',
      "'s'",
      '\\',
      '"',
      '${v}',
      'é',
      'content_by_lua_block',
      'include',
      'a.conf',
      'events',
    );
    // the fast path's territory: valid-looking configs with the characters it must get right
    const valid = fc.constantFrom(
      'http {',
      'server {',
      'location / {',
      '}',
      'listen 80;',
      'root /a\\ b;',
      'return 200 "a\nb";',
      "add_header X 'y z';",
      'include /etc/nginx/mime.types;',
      'include "/etc/nginx/x";',
      'sendfile on;',
      'sendfile maybe;',
      'gzip off;',
      'proxy_pass http://$host:80;',
      '# c\n',
      ' ',
      '\n',
      '\t',
      '\u00a0',
      '\u2028',
      '\u000b',
      'types {',
      'text/html html;',
      'map $a $b {',
      'default 0;',
      'events {',
      'worker_connections 10;',
      'location ~ \\.(png)$ { expires 30d; }',
      'listen 80 "é";',
      'x y;',
      '\r\n',
      '#c',
      ';',
      '{',
    );
    fc.assert(
      fc.property(fc.array(valid, { maxLength: 40 }), fc.boolean(), (parts, comments) => {
        same(one(parts.join('')), 'nginx.conf', comments);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (parts, comments) => {
        const tree = new MemoryTree({ 'nginx.conf': parts.join(''), 'a.conf': 'listen 80;\n' });
        same(tree, 'nginx.conf', comments);
      }),
      { numRuns: 300 },
    );
  });
});
