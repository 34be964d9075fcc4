// Tree tests: sections, lines, prefixes, conditional blocks, spans.
import { describe, expect, it } from 'vitest';
import { parseHaproxy, printHaproxy } from '../../../labs/core/parsers/haproxy';
import { compareVersions } from '../../../labs/core/parsers/haproxy/parser';

const parse = (text: string) => parseHaproxy('lb/haproxy.cfg', text);
const codes = (text: string) => parse(text).diagnostics.map((d) => `${d.span.line}:${d.code}`);

describe('haproxy parser: tree', () => {
  it('builds sections with names, args, lines and spans', () => {
    const { ast, diagnostics } = parse(
      [
        '# top comment',
        'global',
        '    daemon',
        '',
        'defaults base',
        '    mode http',
        'defaults tcp-def from base',
        '    mode tcp',
        'frontend www from base  # inline',
        '    bind *:80',
        '    default_backend app',
        'backend app',
        '    server a 10.0.0.1:80 check',
        '',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(ast.sections.map((s) => [s.type, s.name ?? null, s.args])).toEqual([
      ['global', null, []],
      ['defaults', 'base', []],
      ['defaults', 'tcp-def', ['from', 'base']],
      ['frontend', 'www', ['from', 'base']],
      ['backend', 'app', []],
    ]);
    const fe = ast.sections[3];
    expect(fe.header).toMatchObject({
      keyword: 'frontend',
      line: 9,
      comment: '# inline',
      raw: 'frontend www from base  # inline',
    });
    expect(fe.lines.map((l) => [l.line, l.keyword, l.args])).toEqual([
      [10, 'bind', ['*:80']],
      [11, 'default_backend', ['app']],
    ]);
    expect(fe.span).toMatchObject({ file: 'lb/haproxy.cfg', line: 9, column: 1, endLine: 11 });
    expect(fe.lines[0].span).toMatchObject({ line: 10, column: 5, endColumn: 14 });
    expect(fe.lines[0].indent).toBe('    ');
    expect(ast.comments).toEqual([
      expect.objectContaining({ text: '# top comment', span: expect.objectContaining({ line: 1 }) }),
    ]);
    expect(ast.lineCount).toBe(13);
    expect(ast.finalNewline).toBe(true);
  });

  it('keeps `no`/`default` prefixes out of keyword and args', () => {
    const { ast, diagnostics } = parse(
      'defaults\n  no option dontlognull\n  default option http-server-close\n  no log\n',
    );
    expect(diagnostics).toEqual([]);
    expect(ast.sections[0].lines.map((l) => [l.prefix, l.keyword, l.args, l.words.length])).toEqual([
      ['no', 'option', ['dontlognull'], 3],
      ['default', 'option', ['http-server-close'], 3],
      ['no', 'log', [], 2],
    ]);
  });

  it('puts keywords before the first section in the preamble, with an error', () => {
    const { ast, diagnostics } = parse('maxconn 10\nglobal\n');
    expect(ast.preamble.map((l) => l.keyword)).toEqual(['maxconn']);
    expect(diagnostics.map((d) => [d.code, d.span.line, d.severity])).toEqual([
      ['haproxy/keyword-out-of-section', 1, 'error'],
    ]);
  });

  it('an empty file, a blank file and a comment-only file have no sections and no errors', () => {
    for (const t of ['', '\n\n', '# only a comment\n']) {
      const r = parse(t);
      expect(r.ast.sections).toEqual([]);
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("reports the missing final newline on the last line, with haproxy's position", () => {
    const r = parse('global\n    maxconn 10');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'haproxy/no-final-newline',
      severity: 'error',
      span: { line: 2, column: 15 },
    });
    expect(r.diagnostics[0].message).toBe('Missing LF on last line, file might have been truncated at position 15');
    expect(r.ast.finalNewline).toBe(false);
    // the last line is still parsed
    expect(r.ast.sections[0].lines[0].args).toEqual(['10']);
  });

  it('skips `.if` blocks HAProxy 2.6 would skip, marking their lines inactive', () => {
    const { ast, diagnostics } = parse(
      [
        '.if version_atleast(3.1-dev8)',
        'traces',
        '    trace h1 start now',
        '.elif version_atleast(2.4)',
        'global',
        '    maxconn 5',
        '.endif',
        '',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(ast.sections.map((s) => [s.type, !!s.inactive])).toEqual([
      ['traces', true],
      ['global', false],
    ]);
    expect(ast.sections[0].lines.find((l) => l.keyword === 'trace')?.inactive).toBe(true);
    expect(ast.sections[1].lines.find((l) => l.keyword === 'maxconn')?.inactive).toBeUndefined();
    expect(ast.sections[1].lines.find((l) => l.keyword === '.endif')?.directive).toBe(true);
  });

  it('lines after a skipped section header still belong to the section before it (as for haproxy)', () => {
    const { ast, diagnostics } = parse(
      [
        'backend a',
        '    server s1 10.0.0.1:80',
        '.if version_atleast(9.0)',
        'backend b',
        '    server s2 10.0.0.2:80',
        '.endif',
        '    server s3 10.0.0.3:80',
        '',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(
      ast.sections.map((s) => [
        s.name,
        !!s.inactive,
        s.lines.filter((l) => l.keyword === 'server').map((l) => l.args[0]),
      ]),
    ).toEqual([
      ['a', false, ['s1', 's3']],
      ['b', true, ['s2']],
    ]);
    expect(ast.sections[0].span).toMatchObject({ line: 1, endLine: 7 });
  });

  it('flags lone .endif / .else and unknown dot directives', () => {
    expect(codes('global\n.endif\n.else\n.foo\n')).toEqual([
      '2:haproxy/lone-endif',
      '3:haproxy/lone-else',
      '4:haproxy/unknown-directive',
    ]);
  });

  it('warns about sections newer than HAProxy 2.6 and a missing proxy name', () => {
    expect(codes('crt-store\n    load crt x.pem\nbackend\n')).toEqual([
      '1:haproxy/newer-section',
      '3:haproxy/missing-section-name',
    ]);
  });

  it('warns when an empty word cuts the argument list', () => {
    expect(codes('defaults\n    log-tag "" extra\n')).toEqual(['2:haproxy/empty-argument']);
  });

  it('gives the replacement of removed keywords as a hint', () => {
    const r = parse(
      'backend b\n    reqadd X-Foo:\\ bar\n    srvtimeout 5s\n    option forceclose\nglobal\n    nbproc 2\n',
    );
    expect(r.diagnostics.map((d) => [d.span.line, d.code, d.hint])).toEqual([
      [2, 'haproxy/removed-keyword', "Replace it with 'http-request add-header'."],
      [3, 'haproxy/removed-keyword', "Replace it with 'timeout server'."],
      [4, 'haproxy/removed-keyword', "Replace it with 'option httpclose'."],
      [6, 'haproxy/removed-keyword', "Replace it with 'nbthread (threads are used automatically)'."],
    ]);
  });

  it('suggests the closest keyword', () => {
    const r = parse('backend b\n    balanse roundrobin\n    timeout conect 5s\n');
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "unknown keyword 'balanse' in 'backend' section; did you mean 'balance'?",
      expect.stringContaining("(got 'conect'); did you mean 'connect'?"),
    ]);
  });

  it('tells named-only defaults keywords apart', () => {
    expect(codes('defaults\n    http-request deny\ndefaults named\n    http-request deny\n')).toEqual([
      '2:haproxy/keyword-not-allowed',
    ]);
  });

  it('does not check keywords of sections it does not know well', () => {
    expect(codes('fcgi-app php\n    docroot /var/www\n    anything goes\n')).toEqual([]);
  });

  it('never throws on odd input', () => {
    for (const t of [
      '\0\0',
      '"',
      "'",
      '\\',
      '#',
      'no',
      'no\n',
      'default\n',
      '[',
      '.if',
      '\r',
      '\r\n\r\n',
      'global\n  "" x\n',
      '\u{1F600} "\u00e9',
    ]) {
      expect(() => parse(t)).not.toThrow();
    }
  });
});

describe('compareVersions', () => {
  it.each([
    ['2.6.12', '3.1-dev8', -1],
    ['3.1', '3.1-dev8', 1],
    ['2.6', '2.6.0', 0],
    ['2.10', '2.9', 1],
  ])('%s vs %s', (a, b, r) => {
    expect(compareVersions(a, b)).toBe(r);
  });
});

describe('printHaproxy', () => {
  it('re-emits the text line for line (quotes, escapes, comments, blank lines kept)', () => {
    const text =
      '# head\nglobal\n\tlog "/dev/log" local0   # where\n\n  # indented comment\nfrontend f\n    acl a path_beg /a\\ b \'#x\'\n';
    expect(printHaproxy(parseHaproxy('x.cfg', text).ast)).toBe(text);
  });
  it('falls back to one space between words when the AST was edited', () => {
    const { ast } = parseHaproxy('x.cfg', 'backend b\n    server   a   10.0.0.1:80\n');
    const line = ast.sections[0].lines[0];
    line.words = [
      line.words[0],
      { ...line.words[1], raw: 'renamed', span: { file: 'x.cfg', line: 2, column: 1 } },
      line.words[2],
    ];
    expect(printHaproxy(ast)).toBe('backend b\n    server renamed 10.0.0.1:80\n');
  });
  it('re-emits lines haproxy drops (lexical errors, empty first word) as written', () => {
    const text = 'global\n  "" ignored words\n  log "open\n';
    const r = parseHaproxy('x.cfg', text);
    expect(r.ast.rejectedLines!.map((l) => l.line)).toEqual([2, 3]);
    expect(printHaproxy(r.ast)).toBe(text);
  });
  it('keeps a missing final newline missing', () => {
    expect(printHaproxy(parseHaproxy('x.cfg', 'global\n  daemon').ast)).toBe('global\n  daemon');
  });
});

describe('deprecated keywords', () => {
  it('are an info, not an error', () => {
    const d = parseHaproxy('x.cfg', 'backend b\n    transparent\n').diagnostics;
    expect(d.map((x) => [x.code, x.severity, x.span.line])).toEqual([['haproxy/deprecated-keyword', 'info', 2]]);
  });
});

describe('hints for keywords in the wrong kind of section', () => {
  it('a proxy keyword in global is an error; a global keyword in a proxy says where it goes', () => {
    const r = parseHaproxy('x.cfg', 'global\n    mode http\ndefaults\n    daemon\n');
    expect(r.diagnostics.map((d) => [d.span.line, d.code, d.severity, d.hint])).toEqual([
      [2, 'haproxy/keyword-not-allowed', 'error', 'Move it to a defaults, frontend, backend or listen section.'],
      [4, 'haproxy/unknown-keyword', 'error', "'daemon' is a global keyword: move it to the 'global' section."],
    ]);
  });
  it('a misspelt section header is recognised', () => {
    const r = parseHaproxy('x.cfg', 'fronted www\n    bind :80\nbackend b\n    backed c\n');
    expect(r.diagnostics.map((d) => [d.span.line, d.code])).toEqual([
      [1, 'haproxy/keyword-out-of-section'],
      [2, 'haproxy/keyword-out-of-section'],
      [4, 'haproxy/unknown-keyword'],
    ]);
    expect(r.diagnostics[0].hint).toContain("Did you mean the section header 'frontend'?");
    expect(r.diagnostics[2].message).toContain("did you mean 'backend'?");
    expect(r.diagnostics[2].hint).toBe("'backend' starts a new section.");
  });
  it('lists diagnostics in file order', () => {
    const r = parseHaproxy('x.cfg', 'backend b\n    balanc x\n    acl "open\n');
    expect(r.diagnostics.map((d) => d.span.line)).toEqual([2, 3]);
  });
});
