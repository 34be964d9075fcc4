import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SERVER_GROUPS,
  getBoolean,
  getOption,
  getOptions,
  normalizeOptionName,
  parseMyCnf,
  parseMyCnfText,
  printMyCnf,
  quoteValue,
  unescapeValue,
} from '../../../labs/core/parsers/mycnf';
import { MAX_ENTRIES } from '../../../labs/core/parsers/mycnf/parser';
import { MemoryTree } from '../../../labs/core/vfs';
import { CASES } from './cases';

const caseFiles = (name: string) => CASES.find((c) => c.name === name)!.files;
const codes = (r: { diagnostics: Array<{ code: string }> }) => r.diagnostics.map((d) => d.code);
const vals = (text: string) =>
  Object.fromEntries(parseMyCnfText('my.cnf', text).ast.options.map((o) => [o.rawName, o.value]));

describe('mycnf: options, values and spans', () => {
  it('parses the lab primary file with positions', () => {
    const r = parseMyCnfText('db/50-server.cnf', caseFiles('lab-primary')['my.cnf']);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.groups.map((g) => g.name)).toEqual(['mysqld']);
    const [sid, logBin] = r.ast.options;
    expect(sid).toMatchObject({
      rawName: 'server-id',
      name: 'server_id',
      value: '1',
      rawValue: '1',
      group: 'mysqld',
      loose: false,
      file: 'db/50-server.cnf',
    });
    expect(sid.span).toMatchObject({ line: 3, column: 1, endLine: 3, endColumn: 18 });
    expect(sid.valueSpan).toMatchObject({ line: 3, column: 17, endColumn: 18 });
    expect(logBin.name).toBe('log_bin');
    expect(logBin.value).toBe('/var/log/mysql/mysql-bin.log');
  });

  it('handles comments as the server does', () => {
    const v = vals(caseFiles('comments-everywhere')['my.cnf']);
    expect(v).toEqual({ port: '3306', socket: '/run/mysqld.sock ; not a comment', name: undefined });
  });

  it('unquotes and unescapes values', () => {
    const v = vals(caseFiles('quotes-and-escapes')['my.cnf']);
    expect(v.a).toBe('quoted # not a comment');
    expect(v.b).toBe('single\tquoted');
    expect(v.c).toBe('a\nb c\\d"e\'f\\qg');
    expect(v.d).toBe('a"b');
    expect(v.e).toBe('a\\');
    expect(v.f).toBe('"');
    expect(v.g).toBe('"');
    expect(v.h).toBe('a"b');
    expect(v.i).toBe('"abc # def');
    expect(v.j).toBe("it's # not a comment either");
    expect(v.k).toBe('  padded  ');
    expect(v.l).toBe('');
    expect(v.m).toBe('trailing\\');
  });

  it('diagnoses quotes that change the meaning of a line', () => {
    const r = parseMyCnfText('my.cnf', caseFiles('quotes-and-escapes')['my.cnf']);
    const byLine = r.diagnostics.map((d) => `${d.span.line}:${d.code}`);
    expect(byLine).toContain('8:mycnf/unterminated-quote'); // g = "
    expect(byLine).toContain('10:mycnf/unterminated-quote'); // i = "abc # def
    expect(byLine).toContain('11:mycnf/quote-hides-comment'); // it's # ...
    expect(byLine.filter((x) => x.startsWith('2:') || x.startsWith('3:') || x.startsWith('13:'))).toEqual([]);
  });

  it('normalises names: - and _, case, loose- prefix', () => {
    expect(normalizeOptionName('Loose-Server-ID')).toEqual({ name: 'server_id', loose: true });
    expect(normalizeOptionName('loose_innodb_foo')).toEqual({ name: 'innodb_foo', loose: true });
    expect(normalizeOptionName('skip-name-resolve')).toEqual({ name: 'skip_name_resolve', loose: false });
    const r = parseMyCnfText('my.cnf', caseFiles('bare-options-and-prefixes')['my.cnf']);
    expect(r.ast.options.map((o) => [o.name, o.loose, o.value])).toEqual([
      ['skip_name_resolve', false, undefined],
      ['log_bin', false, undefined],
      ['innodb_foo', true, '1'],
      ['bar', true, '2'],
      ['skip_log_bin', false, undefined],
    ]);
    expect(codes(r)).toEqual(['mycnf/option-case']);
  });

  it('reads CRLF files and whitespace around =', () => {
    const r = parseMyCnfText('my.cnf', caseFiles('crlf-and-whitespace')['my.cnf']);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.options.map((o) => [o.rawName, o.value])).toEqual([
      ['bind-address', '0.0.0.0'],
      ['port', '3306'],
      ['log_bin', undefined],
    ]);
    expect(r.ast.options[0].valueSpan).toMatchObject({ line: 2, column: 22, endColumn: 29 });
  });

  it('has no line continuations', () => {
    expect(vals(caseFiles('no-continuation-lines')['my.cnf'])).toEqual({ e: '5 \\', f: '6' });
  });
});

describe('mycnf: groups', () => {
  it('lower-cases group names, keeps leading spaces significant and warns', () => {
    const r = parseMyCnfText('my.cnf', caseFiles('group-names')['my.cnf']);
    expect(r.ast.groups.map((g) => g.name)).toEqual([
      'client',
      'mysqld',
      ' mysqld',
      'mysqld',
      'server',
      'mariadb',
      'mariadbd-10.11',
      'mysqld-8.0',
      'galera',
      'client-server',
      'mysqld',
    ]);
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.code}`)).toEqual([
      '5:mycnf/group-space',
      '21:mycnf/text-after-group',
    ]);
  });

  it('reports a header without ] and an empty name', () => {
    const r = parseMyCnfText('my.cnf', '[mysqld\nport=1\n[]\nx=1\n');
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.severity}:${d.code}`)).toEqual([
      '1:error:mycnf/bad-group-header',
      '3:warning:mycnf/empty-group',
    ]);
    expect(r.ast.options.map((o) => o.group)).toEqual(['mysqld', '']);
  });

  it('reports options before any group and keeps them apart', () => {
    const r = parseMyCnfText('my.cnf', 'server-id=1\n[mysqld]\nport=3306\n');
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.severity}:${d.code}`)).toEqual([
      '1:error:mycnf/option-outside-group',
    ]);
    expect(r.ast.options.map((o) => o.name)).toEqual(['port']);
    expect((r.ast as unknown as { outside: Array<{ name: string }> }).outside.map((o) => o.name)).toEqual([
      'server_id',
    ]);
  });

  it('reports = with an empty name', () => {
    const r = parseMyCnfText('my.cnf', '[mysqld]\n  = 5\n');
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.span.column}:${d.severity}:${d.code}`)).toEqual([
      '2:3:error:mycnf/empty-name',
    ]);
    expect(r.ast.options).toEqual([]);
  });

  it('keeps repeated keys in order; getOption returns the last in server groups', () => {
    const r = parseMyCnfText('my.cnf', caseFiles('repeated-keys')['my.cnf']);
    expect(getOptions(r.ast, SERVER_GROUPS, 'server-id').map((o) => [o.value, o.span.line, o.group])).toEqual([
      ['1', 2, 'mysqld'],
      ['2', 4, 'server'],
      ['3', 6, 'mysqld'],
    ]);
    expect(getOption(r.ast, ['mysqld', 'server'], 'SERVER_ID')?.value).toBe('3');
    expect(getOption(r.ast, ['server'], 'server_id')?.value).toBe('2');
    expect(getOption(r.ast, ['client'], 'server_id')).toBeUndefined();
    const dup = r.diagnostics.filter((d) => d.code === 'mycnf/duplicate-option');
    expect(dup).toHaveLength(1);
    expect(dup[0].span.line).toBe(6);
    expect(dup[0].related?.[0].span.line).toBe(2);
  });

  it('SERVER_GROUPS has what mariadbd and mysqld read, client groups excluded', () => {
    for (const g of [
      'mysqld',
      'server',
      'mariadb',
      'mariadbd',
      'mysqld-10.11',
      'mariadb-10.11',
      'mysqld-8.0',
      'galera',
    ])
      expect(SERVER_GROUPS).toContain(g);
    for (const g of ['client', 'mysql', 'mysqld_safe', 'mysqldump']) expect(SERVER_GROUPS).not.toContain(g);
  });

  it('getOption takes several files in order', () => {
    const a = parseMyCnfText('a.cnf', '[mysqld]\nport=1\n').ast;
    const b = parseMyCnfText('b.cnf', '[mariadb]\nport=2\n').ast;
    expect(getOption([a, b], SERVER_GROUPS, 'port')?.file).toBe('b.cnf');
    expect(getOption([b, a], SERVER_GROUPS, 'port')?.file).toBe('a.cnf');
  });
});

describe('mycnf: includes', () => {
  it('follows !include and !includedir (only *.cnf, sorted), in reading order', () => {
    const r = parseMyCnf(new MemoryTree(caseFiles('include-and-includedir')), 'my.cnf');
    expect(r.ast.options.filter((o) => o.group === 'mysqld').map((o) => `${o.file}:${o.name}`)).toEqual([
      'my.cnf:before',
      'extra.cnf:extra',
      'my.cnf:after',
      'conf.d/a-first.cnf:a',
      'conf.d/z-last.cnf:z',
    ]);
    expect(r.ast.includes.map((i) => [i.directive, i.path, i.resolved])).toEqual([
      ['!include', 'extra.cnf', ['extra.cnf']],
      ['!includedir', 'conf.d/', ['conf.d/a-first.cnf', 'conf.d/z-last.cnf']],
    ]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['mycnf/includedir-skipped info']);
    expect(r.diagnostics[0].message).toContain('conf.d/skipped.conf');
  });

  it('resolves relative to the including file', () => {
    const tree = new MemoryTree({
      'db/my.cnf': '[mysqld]\n!include conf/x.cnf\n',
      'db/conf/x.cnf': '[mysqld]\n!include ../y.cnf\n',
      'db/y.cnf': '[mysqld]\ny=1\n',
    });
    const r = parseMyCnf(tree, 'db/my.cnf');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.options.map((o) => `${o.file}:${o.span.line}:${o.name}`)).toEqual(['db/y.cnf:2:y']);
  });

  it('keeps the including file in its group after an include', () => {
    const r = parseMyCnf(new MemoryTree(caseFiles('include-group-continues')), 'my.cnf');
    expect(r.ast.options.map((o) => `${o.group}:${o.name}`)).toEqual(['mysqld:a', 'client:c', 'mysqld:b']);
  });

  it('refuses paths outside the submission without reading them; stock paths are info', () => {
    const tree = new MemoryTree({
      'db/my.cnf':
        '[mysqld]\n!include /etc/passwd\n!include ../../secret.cnf\n!includedir /etc/mysql/conf.d/\n!includedir /etc/mysql/mariadb.conf.d\n',
    });
    const reads: string[] = [];
    const spy = { list: () => tree.list(), read: (p: string) => (reads.push(p), tree.read(p)) };
    const r = parseMyCnf(spy, 'db/my.cnf');
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.severity}:${d.code}`)).toEqual([
      '2:error:mycnf/include-outside-submission',
      '3:error:mycnf/include-outside-submission',
      '4:info:mycnf/include-stock',
      '5:info:mycnf/include-stock',
    ]);
    expect(reads).toEqual(['db/my.cnf']);
  });

  it('diagnoses include loops with the chain', () => {
    const tree = new MemoryTree({
      'a.cnf': '[mysqld]\na=1\n!include b.cnf\n',
      'b.cnf': '[mysqld]\nb=1\n!include a.cnf\n',
    });
    const r = parseMyCnf(tree, 'a.cnf');
    expect(r.ast.options.map((o) => o.name)).toEqual(['a', 'b']);
    const loop = r.diagnostics.filter((d) => d.code === 'mycnf/include-loop');
    expect(loop).toHaveLength(1);
    expect(loop[0]).toMatchObject({ severity: 'error', span: { file: 'b.cnf', line: 3 } });
    expect(loop[0].message).toContain('a.cnf -> b.cnf -> a.cnf');
    const self = parseMyCnf(new MemoryTree({ 'my.cnf': '[mysqld]\n!includedir .\n' }), 'my.cnf');
    expect(codes(self)).toEqual(['mycnf/include-loop']);
  });

  it('reports missing includes, missing folders, empty paths and unknown directives', () => {
    const r = parseMyCnf(new MemoryTree(caseFiles('include-missing-is-skipped')), 'my.cnf');
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.severity}:${d.code}`)).toEqual([
      '3:warning:mycnf/include-not-found',
      '5:warning:mycnf/unknown-directive',
    ]);
    expect(r.ast.options.map((o) => o.name)).toEqual(['a', 'b', 'spaced_bang']);
    expect(codes(parseMyCnf(new MemoryTree(caseFiles('includedir-missing')), 'my.cnf'))).toEqual([
      'mycnf/includedir-not-found',
    ]);
    expect(codes(parseMyCnf(new MemoryTree(caseFiles('include-without-path')), 'my.cnf'))).toEqual([
      'mycnf/include-missing-path',
    ]);
    expect(codes(parseMyCnfText('x.cnf', '[mysqld]\n!include\n'))).toEqual(['mycnf/include-missing-path']);
  });

  it('text-only parsing records includes without following them', () => {
    const r = parseMyCnfText('my.cnf', '[mysqld]\n!include other.cnf\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.includes).toMatchObject([
      { directive: '!include', path: 'other.cnf', resolved: [], span: { line: 2, column: 1 } },
    ]);
  });
});

describe('mycnf: bad input', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('empty file: no options, no diagnostics', () => {
    const r = parseMyCnf(new MemoryTree({ 'my.cnf': '' }), 'my.cnf');
    expect(r.ast.options).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
  it('binary file: one error', () => {
    const r = parseMyCnf(new MemoryTree({ 'my.cnf': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]) }), 'my.cnf');
    expect(codes(r)).toEqual(['file/binary']);
  });
  it('BOM: ignored with an info, first group still read', () => {
    const r = parseMyCnf(
      new MemoryTree({ 'my.cnf': new Uint8Array([0xef, 0xbb, 0xbf, ...enc('[mysqld]\nport=1\n')]) }),
      'my.cnf',
    );
    expect(codes(r)).toEqual(['file/bom']);
    expect(r.ast.options[0]).toMatchObject({ name: 'port', group: 'mysqld', span: { line: 2 } });
  });
  it('non-UTF-8 bytes: warning with the line', () => {
    const r = parseMyCnf(
      new MemoryTree({ 'my.cnf': new Uint8Array([...enc('[mysqld]\nx='), 0xff, 0xfe, 10]) }),
      'my.cnf',
    );
    expect(r.diagnostics.map((d) => `${d.code}:${d.span.line}`)).toEqual(['file/invalid-utf8:2']);
  });
  it('a missing entry file', () => {
    expect(codes(parseMyCnf(new MemoryTree({}), 'my.cnf'))).toEqual(['file/not-found']);
  });
});

describe('mycnf: round trip and properties', () => {
  it('print(parse(x)) reads back the same options', () => {
    for (const c of CASES) {
      const a = parseMyCnfText('my.cnf', c.files['my.cnf']).ast;
      const b = parseMyCnfText('my.cnf', printMyCnf(a)).ast;
      const strip = (o: { group: string; name: string; value?: string }) => [o.group, o.name, o.value];
      expect(b.options.map(strip), c.name).toEqual(a.options.map(strip));
    }
  });

  it('quoteValue/unescape round-trips any value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (v) => {
        const line = `x = ${quoteValue(v)}`;
        const r = parseMyCnfText('my.cnf', `[mysqld]\n${line}\n`);
        // Values holding a line break other than \n, \r cannot be written on one line: the reader splits at \n only.
        expect(r.ast.options[0].value).toBe(v);
      }),
      { numRuns: 300 },
    );
    expect(unescapeValue('a\\sb\\x')).toBe('a b\\x');
  });

  it('generated option files round-trip', () => {
    const name = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,12}$/);
    const value = fc.option(fc.string(), { nil: undefined });
    const group = fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(group, fc.array(fc.tuple(name, value), { maxLength: 5 })), { maxLength: 5 }),
        (groups) => {
          const text = groups
            .map(
              ([g, opts]) =>
                `[${g}]\n` + opts.map(([n, v]) => (v === undefined ? n : `${n} = ${quoteValue(v)}`)).join('\n'),
            )
            .join('\n');
          const r = parseMyCnfText('my.cnf', text);
          const expected = groups.flatMap(([g, opts]) => opts.map(([n, v]) => [g, n, v]));
          expect(r.ast.options.map((o) => [o.group, o.rawName, o.value])).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('any string: no throw, spans inside the input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom('', '[mysqld]\n', '!include x\n'),
        (s, prefix) => {
          const text = prefix + s;
          const r = parseMyCnfText('f.cnf', text);
          const lines = text.split('\n').length;
          const spans = [
            ...r.ast.options.flatMap((o) => [o.span, o.valueSpan]),
            ...r.ast.groups.map((g) => g.span),
            ...r.diagnostics.map((d) => d.span),
          ];
          for (const sp of spans) {
            if (!sp) continue;
            expect(sp.line).toBeGreaterThanOrEqual(1);
            expect(sp.line).toBeLessThanOrEqual(lines);
            if (sp.offset !== undefined) {
              expect(sp.offset).toBeGreaterThanOrEqual(0);
              expect(sp.endOffset!).toBeLessThanOrEqual(text.length);
            }
          }
          expect(r.diagnostics.filter((d) => d.code === 'mycnf/internal')).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('any tree with includes: no throw', () => {
    const file = fc
      .string({ maxLength: 60 })
      .map((s) => s.replace(/x/g, '\n!include b.cnf\n').replace(/y/g, '\n!includedir .\n'));
    fc.assert(
      fc.property(file, file, (a, b) => {
        const r = parseMyCnf(new MemoryTree({ 'a.cnf': a, 'b.cnf': b }), 'a.cnf');
        expect(r.diagnostics.filter((d) => d.code === 'mycnf/internal')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('mycnf: many problems', () => {
  it('lists the first 100 of one kind per file, then one summary', () => {
    const r = parseMyCnfText('my.cnf', '[mysqld\n'.repeat(150));
    const d = r.diagnostics.filter((x) => x.code === 'mycnf/bad-group-header');
    expect(d).toHaveLength(101);
    expect(d.slice(0, 100).map((x) => x.span.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(d[100].message).toContain('50 more');
  });

  it('notes a key set many times once, at the winning line', () => {
    const r = parseMyCnfText('my.cnf', '[mysqld]\n' + 'port=1\n'.repeat(5));
    const d = r.diagnostics.filter((x) => x.code === 'mycnf/duplicate-option');
    expect(d).toHaveLength(1);
    expect(d[0].span.line).toBe(6);
    expect(d[0].message).toContain('set 5 times');
    expect(d[0].related?.map((x) => x.span.line)).toEqual([5, 2]);
  });
});

describe('mycnf: getBoolean', () => {
  const b = (text: string, name: string) => {
    const r = getBoolean(parseMyCnfText('my.cnf', text).ast, SERVER_GROUPS, name);
    return r && [r.value, r.option.span.line];
  };
  it('reads the forms the server accepts, last one wins', () => {
    expect(b('[mysqld]\nlog-bin\n', 'log_bin')).toEqual([true, 2]);
    expect(b('[mysqld]\nlog_bin = /var/log/mysql/mysql-bin.log\n', 'log-bin')).toEqual([true, 2]);
    expect(b('[mysqld]\nlog_bin\nskip-log-bin\n', 'log_bin')).toEqual([false, 3]);
    expect(b('[mysqld]\ndisable-log-bin\n[mariadb]\nenable_log_bin\n', 'log_bin')).toEqual([true, 4]);
    expect(b('[mysqld]\nread_only = OFF\n', 'read_only')).toEqual([false, 2]);
    expect(b('[mysqld]\nread_only = 1\n', 'read-only')).toEqual([true, 2]);
    expect(b('[mysqld]\nread_only = false\n', 'read_only')).toEqual([false, 2]);
    expect(b('[mysqld]\nskip-name-resolve\n', 'skip_name_resolve')).toEqual([true, 2]);
    expect(b('[client]\nlog-bin\n', 'log_bin')).toBeUndefined();
    expect(b('[mysqld]\nport=1\n', 'log_bin')).toBeUndefined();
  });
});

describe('mycnf: lazy spans and JSON', () => {
  const text = '[mysqld]\n  server-id = 7 # c\nlog-bin\n\n[Client]\nuser = "a\\tb"\n';
  it('spans read through getters match the JSON output, and JSON has every option twice with its spans', () => {
    const r = parseMyCnfText('db/my.cnf', text);
    const json = JSON.parse(JSON.stringify(r.ast));
    const direct = r.ast.options.map((o) => ({ span: o.span, valueSpan: o.valueSpan, file: o.file }));
    expect(
      json.options.map((o: { span: unknown; valueSpan?: unknown; file: string }) => ({
        span: o.span,
        valueSpan: o.valueSpan,
        file: o.file,
      })),
    ).toEqual(direct);
    expect(json.groups.flatMap((g: { options: unknown[] }) => g.options)).toEqual(json.options);
    expect(json.options[0]).toEqual({
      rawName: 'server-id',
      name: 'server_id',
      loose: false,
      value: '7',
      rawValue: '7',
      group: 'mysqld',
      file: 'db/my.cnf',
      span: { file: 'db/my.cnf', line: 2, column: 3, endLine: 2, endColumn: 16, offset: 11, endOffset: 24 },
      valueSpan: { file: 'db/my.cnf', line: 2, column: 15, endLine: 2, endColumn: 16, offset: 23, endOffset: 24 },
    });
    expect(json.options[1]).not.toHaveProperty('valueSpan');
    expect(json.options[2].value).toBe('a\tb');
    expect(json.groups[1].span).toEqual({
      file: 'db/my.cnf',
      line: 5,
      column: 1,
      endLine: 5,
      endColumn: 9,
      offset: 38,
      endOffset: 46,
    });
  });
  it('toJSON called directly gives independent objects', () => {
    const [a, b] = parseMyCnfText('my.cnf', text).ast.options as unknown as Array<{
      toJSON(): { name: string; span: { line: number } };
    }>;
    const ja = a.toJSON();
    const jb = b.toJSON();
    expect(ja).not.toBe(jb);
    expect([ja.name, ja.span.line, jb.name, jb.span.line]).toEqual(['server_id', 2, 'log_bin', 3]);
  });
});

describe('entry limit', () => {
  it(`stops after ${MAX_ENTRIES} options and groups with one error at the first line not read, across includes too`, () => {
    const text = '[mysqld]\n' + 'a=1\n'.repeat(MAX_ENTRIES + 5);
    const r = parseMyCnfText('my.cnf', text);
    expect(r.ast.groups.length + r.ast.options.length).toBe(MAX_ENTRIES);
    const errs = r.diagnostics.filter((d) => d.code === 'mycnf/too-many-entries');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ severity: 'error', span: { file: 'my.cnf', line: MAX_ENTRIES + 1, column: 1 } });
    expect(errs[0].message).toContain('more than 1,000,000 options, groups and directives');
    // The limit counts every file of the include tree, and nothing after it is read.
    const tree = new MemoryTree({
      'my.cnf': '[mysqld]\n!include big.cnf\nserver-id = 1\n',
      'big.cnf': '[mysqld]\n' + 'b=2\n'.repeat(MAX_ENTRIES),
    });
    const t = parseMyCnf(tree, 'my.cnf');
    expect(t.ast.options.some((o) => o.name === 'server_id')).toBe(false);
    expect(
      t.diagnostics.filter((d) => d.code === 'mycnf/too-many-entries').map((d) => [d.span.file, d.span.line]),
    ).toEqual([['big.cnf', MAX_ENTRIES - 1]]);
  });

  it('group headers and !include lines count too', () => {
    const groups = parseMyCnfText('my.cnf', '[a]\n'.repeat(MAX_ENTRIES + 1));
    expect(groups.ast.groups).toHaveLength(MAX_ENTRIES);
    expect(groups.diagnostics.filter((d) => d.code === 'mycnf/too-many-entries').map((d) => d.span.line)).toEqual([
      MAX_ENTRIES + 1,
    ]);
    const incs = parseMyCnfText('my.cnf', '!include a.cnf\n'.repeat(MAX_ENTRIES + 1));
    expect(incs.ast.includes).toHaveLength(MAX_ENTRIES);
    expect(incs.diagnostics.some((d) => d.code === 'mycnf/too-many-entries')).toBe(true);
  });

  it('a file just under the limit is read whole, without that error', () => {
    const r = parseMyCnfText('my.cnf', '[mysqld]\n' + 'a=1\n'.repeat(MAX_ENTRIES - 1));
    expect(r.ast.options).toHaveLength(MAX_ENTRIES - 1);
    expect(r.diagnostics.some((d) => d.code === 'mycnf/too-many-entries')).toBe(false);
  });
});
