import { describe, expect, it } from 'vitest';
import { lexNginx, Tok } from '../../../labs/core/parsers/nginx/lexer';
import { CONFORMANCE_MISSING, readCase } from './helpers';

const pairs = (text: string) => lexNginx(text).tokens.map((t) => [t.value, t.line] as [string, number]);
const values = (text: string) => lexNginx(text).tokens.map((t) => t.value);

// Expected token streams transcribed from crossplane's tests/test_lex.py.
describe.skipIf(!!CONFORMANCE_MISSING)(
  `nginx lexer: crossplane token streams${CONFORMANCE_MISSING ? ` (skipped: ${CONFORMANCE_MISSING})` : ''}`,
  () => {
    it('simple', () => {
      expect(pairs(readCase('simple'))).toEqual([
        ['events', 1],
        ['{', 1],
        ['worker_connections', 2],
        ['1024', 2],
        [';', 2],
        ['}', 3],
        ['http', 5],
        ['{', 5],
        ['server', 6],
        ['{', 6],
        ['listen', 7],
        ['127.0.0.1:8080', 7],
        [';', 7],
        ['server_name', 8],
        ['default_server', 8],
        [';', 8],
        ['location', 9],
        ['/', 9],
        ['{', 9],
        ['return', 10],
        ['200', 10],
        ['foo bar baz', 10],
        [';', 10],
        ['}', 11],
        ['}', 12],
        ['}', 13],
      ]);
    });

    it('with comments', () => {
      expect(pairs(readCase('with-comments'))).toEqual([
        ['events', 1],
        ['{', 1],
        ['worker_connections', 2],
        ['1024', 2],
        [';', 2],
        ['}', 3],
        ['#comment', 4],
        ['http', 5],
        ['{', 5],
        ['server', 6],
        ['{', 6],
        ['listen', 7],
        ['127.0.0.1:8080', 7],
        [';', 7],
        ['#listen', 7],
        ['server_name', 8],
        ['default_server', 8],
        [';', 8],
        ['location', 9],
        ['/', 9],
        ['{', 9],
        ['## this is brace', 9],
        ['# location /', 10],
        ['return', 11],
        ['200', 11],
        ['foo bar baz', 11],
        [';', 11],
        ['}', 12],
        ['}', 13],
        ['}', 14],
      ]);
    });

    it('messy', () => {
      expect(pairs(readCase('messy'))).toEqual([
        ['user', 1],
        ['nobody', 1],
        [';', 1],
        [String.raw`# hello\n\\n\\\n worlddd  \#\\#\\\# dfsf\n \\n \\\n `, 2],
        ['events', 3],
        ['{', 3],
        ['worker_connections', 3],
        ['2048', 3],
        [';', 3],
        ['}', 3],
        ['http', 5],
        ['{', 5],
        ['#forteen', 5],
        ['# this is a comment', 6],
        ['access_log', 7],
        ['off', 7],
        [';', 7],
        ['default_type', 7],
        ['text/plain', 7],
        [';', 7],
        ['error_log', 7],
        ['off', 7],
        [';', 7],
        ['server', 8],
        ['{', 8],
        ['listen', 9],
        ['8083', 9],
        [';', 9],
        ['return', 10],
        ['200', 10],
        [String.raw`Ser" ' ' ver\\ \ $server_addr:\$server_port\n\nTime: $time_local\n\n`, 10],
        [';', 10],
        ['}', 11],
        ['server', 12],
        ['{', 12],
        ['listen', 12],
        ['8080', 12],
        [';', 12],
        ['root', 13],
        ['/usr/share/nginx/html', 13],
        [';', 13],
        ['location', 14],
        ['~', 14],
        ['/hello/world;', 14],
        ['{', 14],
        ['return', 14],
        ['301', 14],
        ['/status.html', 14],
        [';', 14],
        ['}', 14],
        ['location', 15],
        ['/foo', 15],
        ['{', 15],
        ['}', 15],
        ['location', 15],
        ['/bar', 15],
        ['{', 15],
        ['}', 15],
        ['location', 16],
        [String.raw`/\{\;\}\ #\ ab`, 16],
        ['{', 16],
        ['}', 16],
        ['# hello', 16],
        ['if', 17],
        ['($request_method', 17],
        ['=', 17],
        [String.raw`P\{O\)\###\;ST`, 17],
        [')', 17],
        ['{', 17],
        ['}', 17],
        ['location', 18],
        ['/status.html', 18],
        ['{', 18],
        ['try_files', 19],
        ['/abc/${uri} /abc/${uri}.html', 19],
        ['=404', 19],
        [';', 19],
        ['}', 20],
        ['location', 21],
        ['/sta;\n                    tus', 21],
        ['{', 22],
        ['return', 22],
        ['302', 22],
        ['/status.html', 22],
        [';', 22],
        ['}', 22],
        ['location', 23],
        ['/upstream_conf', 23],
        ['{', 23],
        ['return', 23],
        ['200', 23],
        ['/status.html', 23],
        [';', 23],
        ['}', 23],
        ['}', 23],
        ['server', 24],
        ['{', 25],
        ['}', 25],
        ['}', 25],
      ]);
    });

    it('quote behavior', () => {
      expect(values(readCase('quote-behavior'))).toEqual([
        'outer-quote',
        'left',
        '-quote',
        'right-"quote"',
        'inner"-"quote',
        ';',
        '',
        '',
        'left-empty',
        'right-empty""',
        'inner""empty',
        'right-empty-single"',
        ';',
      ]);
    });

    it('quoted right brace', () => {
      const toks = lexNginx(readCase('quoted-right-brace')).tokens;
      expect(toks.map((t) => t.value)).toEqual([
        'events',
        '{',
        '}',
        'http',
        '{',
        'log_format',
        'main',
        'escape=json',
        '{ "@timestamp": "$time_iso8601", ',
        '"server_name": "$server_name", ',
        '"host": "$host", ',
        '"status": "$status", ',
        '"request": "$request", ',
        '"uri": "$uri", ',
        '"args": "$args", ',
        '"https": "$https", ',
        '"request_method": "$request_method", ',
        '"referer": "$http_referer", ',
        '"agent": "$http_user_agent"',
        '}',
        ';',
        '}',
      ]);
      // the quoted "}" is a word, the real one a Close token
      expect(toks[toks.length - 3]).toMatchObject({ kind: Tok.Word, quoted: true, value: '}' });
      expect(toks[toks.length - 1]).toMatchObject({ kind: Tok.Close, quoted: false });
    });
  },
);

describe.skipIf(!!CONFORMANCE_MISSING)(
  `nginx lexer: tricky cases${CONFORMANCE_MISSING ? ` (skipped: ${CONFORMANCE_MISSING})` : ''}`,
  () => {
    it('comments between arguments and escaped #', () => {
      expect(lexNginx(readCase('comments-between-args')).tokens.map((t) => [t.kind, t.value])).toEqual([
        [Tok.Word, 'http'],
        [Tok.Open, '{'],
        [Tok.Comment, '#comment 1'],
        [Tok.Word, 'log_format'],
        [Tok.Comment, '#comment 2'],
        [Tok.Word, String.raw`\#arg\ 1`],
        [Tok.Comment, '#comment 3'],
        [Tok.Word, '#arg 2'],
        [Tok.Comment, '#comment 4'],
        [Tok.Comment, '#comment 5'],
        [Tok.Semi, ';'],
        [Tok.Close, '}'],
      ]);
    });

    it('lua blocks: body is one quoted token followed by a synthetic ";"', () => {
      const toks = lexNginx(readCase('lua-block-tricky')).tokens;
      const i = toks.findIndex((t) => t.value === 'set_by_lua_block');
      expect(toks.slice(i, i + 4).map((t) => [t.kind, t.quoted])).toEqual([
        [Tok.Word, false],
        [Tok.Word, false],
        [Tok.Word, true],
        [Tok.Semi, false],
      ]);
      expect(toks[i + 1].value).toBe('$res');
      expect(toks[i + 2].value).toContain('return a + b;');
      const j = toks.findIndex((t) => t.value === 'rewrite_by_lua_block');
      expect(toks[j].quoted).toBe(true);
      expect(toks[j + 1].value).toContain('a = { 1, 2, 3 }');
      expect(toks[j + 2].kind).toBe(Tok.Semi);
      // "content_by_lua_block" as an argument is not a Lua block
      expect(toks.filter((t) => t.value === 'content_by_lua_block').length).toBe(2);
    });

    it('braces inside Lua strings do not count', () => {
      const toks = lexNginx('content_by_lua_block { ngx.say("}") x = \'{\' }\nfoo bar;').tokens;
      expect(toks.map((t) => t.value)).toEqual([
        'content_by_lua_block',
        ' ngx.say("}") x = \'{\' ',
        ';',
        'foo',
        'bar',
        ';',
      ]);
    });

    it('parameter expansion keeps the character that ends it', () => {
      // crossplane's quirk: the whitespace after "}" is kept, so the token goes on; a "}" outside an
      // expansion is a token of its own
      expect(values('a ${x}${y} ${b c};')).toEqual(['a', '${x}${y} ${b c', '}', ';']);
      expect(values('try_files /abc/${uri} /abc/${uri}.html =404;')).toEqual([
        'try_files',
        '/abc/${uri} /abc/${uri}.html',
        '=404',
        ';',
      ]);
      expect(values('a ${x};')).toEqual(['a', '${x}', ';']);
    });

    it('escapes: \\" becomes " inside double quotes, other escapes stay verbatim', () => {
      expect(values(String.raw`a "x\"y\n\'" 'p\'q\"';`)).toEqual(['a', String.raw`x"y\n\'`, String.raw`p'q\"`, ';']);
    });

    it('offsets, columns and quoted flags', () => {
      const toks = lexNginx('server {\n  listen "80";\n}\n').tokens;
      expect(toks.map((t) => [t.value, t.line, t.column, t.start, t.end, t.quoted])).toEqual([
        ['server', 1, 1, 0, 6, false],
        ['{', 1, 8, 7, 8, false],
        ['listen', 2, 3, 11, 17, false],
        ['80', 2, 10, 18, 22, true],
        [';', 2, 14, 22, 23, false],
        ['}', 3, 1, 24, 25, false],
      ]);
    });

    it('CRLF files give the same lines and values', () => {
      const lf = lexNginx('a "b\nc";\n# x\nd;\n').tokens.map((t) => [t.value, t.line]);
      const crlf = lexNginx('a "b\r\nc";\r\n# x\r\nd;\r\n').tokens.map((t) => [t.value, t.line]);
      expect(crlf).toEqual(lf);
    });

    it('non-UTF-8 bytes arrive as U+FFFD and lex as ordinary characters', () => {
      expect(values('return 200 "M\uFFFDlln\\n";')).toEqual(['return', '200', 'M\uFFFDlln\\n', ';']);
    });

    it('unicode whitespace is whitespace (Python isspace)', () => {
      expect(values('a\u00a0b\u3000c;')).toEqual(['a', 'b', 'c', ';']);
    });

    it('end of file: open token, quote and comment are dropped with a diagnostic', () => {
      let r = lexNginx('a b');
      expect(r.tokens.map((t) => t.value)).toEqual(['a']);
      expect(r.diagnostics.map((d) => d.code)).toEqual(['nginx/unexpected-eof']);
      r = lexNginx('a "b;\n');
      expect(r.tokens.map((t) => t.value)).toEqual(['a']);
      expect(r.diagnostics[0]).toMatchObject({ code: 'nginx/unterminated-quote', span: { line: 1, column: 3 } });
      r = lexNginx('a;\n# last');
      expect(r.tokens.map((t) => t.value)).toEqual(['a', ';']);
      expect(r.diagnostics.map((d) => d.code)).toEqual(['nginx/comment-at-eof']);
    });
  },
);
