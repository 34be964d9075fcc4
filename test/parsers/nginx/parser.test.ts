import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../../labs/core/vfs';
import {
  parseNginx,
  parseNginxText,
  toCrossplane,
  type NginxDirective,
  type NginxParse,
} from '../../../labs/core/parsers/nginx/index';

const codes = (p: NginxParse) => p.diagnostics.map((d) => d.code);
const find = (p: NginxParse, code: string) => p.diagnostics.find((d) => d.code === code);
const shape = (dirs: NginxDirective[]): unknown[] =>
  dirs.map((d) => (d.block ? [d.directive, d.args, shape(d.block)] : [d.directive, d.args]));

describe('nginx parser: tree', () => {
  it('builds nested blocks with spans for names, arguments and whole statements', () => {
    const p = parseNginxText(
      'nginx.conf',
      'http {\n  server {\n    listen 80 default_server;\n    location / { return 200 "ok"; }\n  }\n}\n',
    );
    expect(p.diagnostics).toEqual([]);
    const http = p.configs[0].parsed[0];
    expect(shape(p.configs[0].parsed)).toEqual([
      [
        'http',
        [],
        [
          [
            'server',
            [],
            [
              ['listen', ['80', 'default_server']],
              ['location', ['/'], [['return', ['200', 'ok']]]],
            ],
          ],
        ],
      ],
    ]);
    const listen = http.block![0].block![0];
    expect(listen.span).toMatchObject({ file: 'nginx.conf', line: 3, column: 5, endLine: 3, endColumn: 11 });
    expect(listen.fullSpan).toMatchObject({ line: 3, column: 5, endLine: 3, endColumn: 30 });
    expect(listen.argv.map((a) => [a.value, a.quoted, a.span.column])).toEqual([
      ['80', false, 12],
      ['default_server', false, 15],
    ]);
    const ret = http.block![0].block![1].block![0];
    expect(ret.argv[1]).toMatchObject({ value: 'ok', quoted: true, span: { line: 4, column: 29, endColumn: 33 } });
    // a block statement's full span ends at its "}"
    expect(http.fullSpan).toMatchObject({ line: 1, column: 1, endLine: 6, endColumn: 2 });
  });

  it('if: parentheses are stripped as crossplane does', () => {
    const p = parseNginxText('n.conf', 'http { server { if ($host = x) { return 404; } if ( $a ) { } } }');
    const srv = p.configs[0].parsed[0].block![0];
    expect(srv.block!.map((d) => d.args)).toEqual([['$host', '=', 'x'], ['$a']]);
  });

  it('keeps comments (and always the ones between arguments) with crossplane lines', () => {
    const text = '# top\nhttp {\nlog_format main # between\n  "$a";\n}\n';
    const without = toCrossplane(parseNginxText('n.conf', text));
    expect(without.config[0].parsed[0].block).toEqual([
      { directive: 'log_format', line: 3, args: ['main', '$a'] },
      { directive: '#', line: 3, args: [], comment: ' between' },
    ]);
    const withc = toCrossplane(parseNginxText('n.conf', text, { comments: true }));
    expect(withc.config[0].parsed[0]).toEqual({ directive: '#', line: 1, args: [], comment: ' top' });
  });
});

describe('nginx parser: syntax errors (crossplane wording, nginx-like positions)', () => {
  it('unexpected "}" stops the file; crossplane lists no statements for it', () => {
    const p = parseNginxText('nginx.conf', 'events {}\n}\nhttp {}\n');
    expect(find(p, 'nginx/unexpected-close')?.span).toMatchObject({ line: 2, column: 1 });
    expect(toCrossplane(p)).toEqual({
      status: 'failed',
      errors: [{ file: 'nginx.conf', error: 'unexpected "}" in nginx.conf:2', line: 2 }],
      config: [
        {
          file: 'nginx.conf',
          status: 'failed',
          errors: [{ error: 'unexpected "}" in nginx.conf:2', line: 2 }],
          parsed: [],
        },
      ],
    });
    // the AST keeps what was read before the error
    expect(p.configs[0].parsed.map((d) => d.directive)).toEqual(['events']);
  });

  it('unexpected end of file, expecting "}" on the last token line', () => {
    const p = parseNginxText('nginx.conf', 'http {\n  server {\n    listen 80;\n');
    expect(toCrossplane(p).errors).toEqual([
      { file: 'nginx.conf', error: 'unexpected end of file, expecting "}" in nginx.conf:3', line: 3 },
    ]);
    expect(codes(p)).toContain('nginx/unexpected-eof');
  });

  it('missing ";" before "}" (crossplane: not terminated) and before a block', () => {
    let p = parseNginxText(
      'nginx.conf',
      'http {\n  server {\n    location / {\n      proxy_pass http://a\n    }\n  }\n}\n',
    );
    expect(toCrossplane(p).errors[0]).toMatchObject({
      error: 'directive "proxy_pass" is not terminated by ";" in nginx.conf:4',
      line: 4,
    });
    expect(find(p, 'nginx/missing-semicolon')?.span).toMatchObject({ line: 4, column: 7 });
    p = parseNginxText(
      'nginx.conf',
      'http {\n  server {\n    location / {\n      proxy_pass http://a\n      location /b { }\n    }\n  }\n}\n',
    );
    expect(toCrossplane(p).errors.map((e) => e.line)).toEqual([4]);
  });

  it('missing ";" at the end of the file: crossplane gives an empty error with no line', () => {
    const p = parseNginxText('nginx.conf', 'worker_processes 1;\nuser www');
    expect(toCrossplane(p).errors).toEqual([{ file: 'nginx.conf', error: '', line: null }]);
    expect(codes(p)).toContain('nginx/unexpected-eof');
  });

  it('an unbalanced quote is reported where it opens', () => {
    const p = parseNginxText('nginx.conf', 'http {\n  server_name "abc;\n}\n');
    expect(find(p, 'nginx/unterminated-quote')?.span).toMatchObject({ line: 2, column: 15 });
    expect(toCrossplane(p).status).toBe('failed');
  });

  it('stray ";" and "{" in directive position are reported', () => {
    const p = parseNginxText('nginx.conf', 'events {};\n');
    expect(codes(p)).toContain('nginx/unexpected-token');
  });

  it('100 000 nested blocks: nginx/too-deep, no stack overflow', () => {
    const p = parseNginxText('nginx.conf', 'a {'.repeat(100_000) + '}'.repeat(100_000));
    expect(codes(p)).toContain('nginx/too-deep');
    expect(() => JSON.stringify(toCrossplane(p))).not.toThrow();
  });
});

describe('nginx analyzer (table from @nginx/reference-lib)', () => {
  it('unknown directive with did-you-mean (warning; error in strict mode)', () => {
    const text = 'http {\n  server {\n    listn 80;\n  }\n}\n';
    let p = parseNginxText('nginx.conf', text);
    expect(find(p, 'nginx/unknown-directive')).toMatchObject({
      severity: 'warning',
      hint: 'did you mean "listen"?',
      span: { line: 3, column: 5 },
    });
    expect(toCrossplane(p).status).toBe('ok');
    p = parseNginxText('nginx.conf', text, { strict: true });
    expect(find(p, 'nginx/unknown-directive')).toMatchObject({ severity: 'error', hint: 'did you mean "listen"?' });
    expect(toCrossplane(p).errors[0].error).toBe('unknown directive "listn" in nginx.conf:3');
  });

  it('not allowed here', () => {
    const p = parseNginxText('nginx.conf', 'http {\n  listen 80;\n}\n');
    expect(find(p, 'nginx/not-allowed-here')).toMatchObject({
      severity: 'error',
      message: '"listen" directive is not allowed here',
      span: { line: 2 },
    });
  });

  it('invalid number of arguments and invalid flag values', () => {
    const p = parseNginxText(
      'nginx.conf',
      'http {\n  sendfile maybe;\n  proxy_set_header Host;\n  server { listen 80; server_name a b c; }\n}\n',
    );
    expect(p.diagnostics.filter((d) => d.code === 'nginx/invalid-args').map((d) => [d.span.line, d.message])).toEqual([
      [2, 'invalid value "maybe" in "sendfile" directive, it must be "on" or "off"'],
      [3, 'invalid number of arguments in "proxy_set_header" directive'],
    ]);
  });

  it('upstream servers take any number of parameters; no false positives on a typical config', () => {
    const p = parseNginxText(
      'nginx.conf',
      `user www-data;
worker_processes auto;
pid /run/nginx.pid;
events { worker_connections 768; }
http {
  sendfile on;
  include /etc/nginx/mime.types;
  log_format main '$remote_addr - $remote_user [$time_local] "$request"';
  access_log /var/log/nginx/access.log main buffer=32k flush=5s;
  upstream app { server 10.0.0.1:8080 weight=3 max_fails=2 fail_timeout=10s; server 10.0.0.2:8080 backup; keepalive 16; }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 80 default_server;
    listen [::]:80 default_server ipv6only=on;
    server_name example.com www.example.com;
    add_header X-Served-By $hostname always;
    location / { proxy_pass http://app; proxy_set_header Host $host; try_files $uri $uri/ =404; }
    location ~ \\.php$ { if ($request_method = POST) { return 405; } }
    error_page 500 502 503 504 /50x.html;
  }
}
`,
    );
    expect(p.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

describe('nginx includes: only inside the submission', () => {
  const tree = new MemoryTree({
    'web-01/nginx.conf':
      'events {}\nhttp {\n  include conf.d/*.conf;\n  include /etc/nginx/mime.types;\n  include ../../etc/passwd;\n  include /etc/shadow;\n  include sites/main.conf;\n}\n',
    'web-01/conf.d/a.conf': 'server { listen 81; }\n',
    'web-01/conf.d/b.conf': 'server { listen 82; include ../sites/main.conf; }\n',
    'web-01/conf.d/.hidden.conf': 'server { listen 83; }\n',
    'web-01/sites/main.conf': 'include ../conf.d/a.conf;\n',
    'web-01/loop.conf': 'include loop.conf;\n',
    'secret.txt': 'nope',
  });

  it("relative includes of the distribution's files resolve against /etc/nginx/ (info), others are missing (error)", () => {
    const t = new MemoryTree({
      'web-01/default':
        'server {\n    include snippets/fastcgi-php.conf;\n    location / {\n        include proxy_params;\n        include ./uwsgi_params;\n        include my_params;\n        include snippets/mine.conf;\n    }\n}\n',
    });
    const p = parseNginx(t, 'web-01/default');
    expect(
      p.diagnostics.filter((d) => d.code.startsWith('nginx/include')).map((d) => [d.code, d.severity, d.span.line]),
    ).toEqual([
      ['nginx/include-stock', 'info', 2],
      ['nginx/include-stock', 'info', 4],
      ['nginx/include-stock', 'info', 5],
      ['nginx/include-not-found', 'error', 6],
      ['nginx/include-not-found', 'error', 7],
    ]);
  });

  it('globs, stock paths, escapes and loops', () => {
    const p = parseNginx(tree, 'web-01/nginx.conf');
    expect(p.configs.map((c) => c.file)).toEqual([
      'web-01/nginx.conf',
      'web-01/conf.d/a.conf',
      'web-01/conf.d/b.conf',
      'web-01/sites/main.conf',
    ]);
    const http = p.configs[0].parsed[1];
    expect(http.block!.map((d) => d.includes)).toEqual([[1, 2], [], [], [], [3]]);
    expect(find(p, 'nginx/include-stock')).toMatchObject({ severity: 'info', span: { line: 4 } });
    expect(
      p.diagnostics.filter((d) => d.code === 'nginx/include-outside-submission').map((d) => [d.severity, d.span.line]),
    ).toEqual([
      ['error', 5],
      ['error', 6],
    ]);
    // includes resolve against the entry's folder (crossplane's prefix), not the including file's
    expect(p.configs[2].parsed[0].block![1].includes).toEqual([]);
    expect(find(p, 'nginx/include-not-found')?.span.file).toBe('web-01/conf.d/b.conf');
  });

  it('include loops are diagnosed and never followed twice', () => {
    const p = parseNginx(tree, 'web-01/loop.conf');
    expect(p.configs.length).toBe(1);
    expect(find(p, 'nginx/include-loop')).toMatchObject({
      severity: 'error',
      span: { file: 'web-01/loop.conf', line: 1 },
    });
  });

  it('a chain of includes deeper than the limit stops with nginx/include-loop', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`f${i}.conf`] = `include f${i + 1}.conf;\n`;
    files['f50.conf'] = 'worker_processes 1;\n';
    const p = parseNginx(new MemoryTree(files), 'f0.conf');
    expect(find(p, 'nginx/include-loop')?.message).toMatch(/deeper than/);
    expect(p.configs.length).toBeLessThan(40);
  });

  it('single mode does not follow includes; a missing entry is an error, not a throw', () => {
    expect(parseNginx(tree, 'web-01/nginx.conf', { single: true }).configs.length).toBe(1);
    const p = parseNginx(tree, 'nope.conf');
    expect(codes(p)).toEqual(['nginx/file-not-found']);
    expect(toCrossplane(p).errors[0]).toEqual({
      file: 'nope.conf',
      error: "[Errno 2] No such file or directory: 'nope.conf'",
      line: null,
    });
  });

  it('bad input files: binary, BOM, non-UTF-8, CRLF', () => {
    const t = new MemoryTree({
      'bin.conf': new Uint8Array([0x75, 0x73, 0, 1, 2]),
      'bom.conf': new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('user www;\n')]),
      'latin1.conf': new Uint8Array([
        ...new TextEncoder().encode('# M'),
        0xf6,
        0x0a,
        ...new TextEncoder().encode('user x;\n'),
      ]),
      'crlf.conf': 'events {\r\n}\r\nuser www;\r\n',
    });
    expect(codes(parseNginx(t, 'bin.conf'))).toEqual(['file/binary']);
    const bom = parseNginx(t, 'bom.conf');
    expect(codes(bom)).toEqual(['file/bom']);
    expect(bom.configs[0].parsed[0].directive).toBe('user');
    const latin = parseNginx(t, 'latin1.conf');
    expect(codes(latin)).toEqual(['file/invalid-utf8']);
    expect(latin.configs[0].parsed[0].span.line).toBe(2);
    const crlf = parseNginx(t, 'crlf.conf');
    expect(crlf.diagnostics).toEqual([]);
    expect(crlf.configs[0].parsed.map((d) => [d.directive, d.span.line])).toEqual([
      ['events', 1],
      ['user', 3],
    ]);
  });
});

describe('entry context', () => {
  const site =
    '# a site file, as in sites-available/\nserver {\n  listen 80;\n  location / { try_files $uri =404; }\n}\n';

  it('a server-level file is read as included in http (nginx/context-inferred)', () => {
    const p = parseNginxText('web-01/default', site);
    expect(p.diagnostics.map((d) => [d.code, d.severity, d.span.line])).toEqual([
      ['nginx/context-inferred', 'info', 2],
    ]);
  });

  it('context "" gives crossplane\'s behaviour exactly (it starts in main)', () => {
    const p = parseNginxText('web-01/default', site, { context: '' });
    expect(toCrossplane(p).errors[0]).toEqual({
      file: 'web-01/default',
      error: '"server" directive is not allowed here in web-01/default:2',
      line: 2,
    });
  });

  it('a location-level snippet and an explicit context', () => {
    expect(
      parseNginxText('s.conf', 'proxy_pass http://app;\nproxy_set_header Host $host;\n').diagnostics.map((d) => d.code),
    ).toEqual(['nginx/context-inferred']);
    expect(parseNginxText('s.conf', 'listen 80;\n', { context: 'http>server' }).diagnostics).toEqual([]);
  });

  it('main-level files are not touched', () => {
    expect(codes(parseNginxText('n.conf', 'user www-data;\nevents {}\n'))).toEqual([]);
  });

  it('an empty file parses to nothing, without findings; an over-size file is refused', () => {
    const p = parseNginxText('n.conf', '');
    expect(p.configs[0].parsed).toEqual([]);
    expect(p.diagnostics).toEqual([]);
    const big = parseNginx(new MemoryTree({ 'n.conf': new Uint8Array(11 * 1024 * 1024).fill(0x61) }), 'n.conf');
    expect(codes(big)).toEqual(['file/too-large']);
    expect(toCrossplane(big).status).toBe('failed');
  });
});
