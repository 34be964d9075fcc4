import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, type Span } from '../../../labs/core/source';
import {
  parseNginxText,
  printNginx,
  quoteArg,
  lexNginx,
  toCrossplane,
  toCrossplaneJSON,
  type NginxDirective,
  type NginxParse,
} from '../../../labs/core/parsers/nginx/index';
import { CONFORMANCE_MISSING, readCase } from './helpers';

type Shape = Array<[string, string[], string | undefined, Shape | undefined]>;
const shape = (dirs: NginxDirective[]): Shape =>
  dirs.map((d) => [d.directive, d.args, d.comment, d.block ? shape(d.block) : undefined]);
const errors = (p: NginxParse) => p.diagnostics.filter((d) => d.severity === 'error');

/** Characters that exercise every lexer rule. */
const nginxish = fc
  .array(
    fc.constantFrom(
      'a',
      'b',
      'srv',
      'listen',
      'if',
      '_',
      ' ',
      ' ',
      '\n',
      '\t',
      '\r\n',
      '{',
      '}',
      ';',
      ';',
      '"',
      "'",
      '\\',
      '#',
      '$',
      '${',
      '(',
      ')',
      '1',
      'é',
      '\u00a0',
      '\uFFFD',
      '-',
    ),
    { maxLength: 80 },
  )
  .map((a) => a.join(''));

function spansOf(p: NginxParse): Span[] {
  const out: Span[] = p.diagnostics.map((d) => d.span);
  const walk = (ds: NginxDirective[]) => {
    for (const d of ds) {
      out.push(d.span, d.fullSpan, ...d.argv.map((a) => a.span));
      if (d.block) walk(d.block);
    }
  };
  for (const c of p.configs) walk(c.parsed);
  return out;
}

function checkSpans(text: string, p: NginxParse): void {
  const lc = new LineCounter(text);
  for (const s of spansOf(p)) {
    expect(s.file).toBe('t.conf');
    expect(s.line).toBeGreaterThanOrEqual(1);
    expect(s.line).toBeLessThanOrEqual(lc.lineCount);
    expect(s.column).toBeGreaterThanOrEqual(1);
    if (s.offset !== undefined) {
      expect(s.offset).toBeGreaterThanOrEqual(0);
      expect(s.endOffset!).toBeGreaterThanOrEqual(s.offset);
      expect(s.endOffset!).toBeLessThanOrEqual(text.length);
      // line/column agree with the offset
      expect(lc.position(s.offset)).toEqual({ line: s.line, column: s.column });
      if (s.endLine !== undefined) expect(lc.position(s.endOffset!)).toEqual({ line: s.endLine, column: s.endColumn });
    }
  }
}

describe('property: any input', () => {
  it('never throws; every span lies inside the input and agrees with its offsets (random unicode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        checkSpans(text, parseNginxText('t.conf', text, { comments: true }));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws; spans inside the input (nginx-ish alphabet)', () => {
    fc.assert(
      fc.property(nginxish, (text) => {
        const p = parseNginxText('t.conf', text, { comments: true });
        checkSpans(text, p);
        lexNginx(text);
        // the payload is plain JSON data (no class instances leak into it)
        const payload = toCrossplane(p);
        expect(JSON.parse(toCrossplaneJSON(p))).toEqual(payload);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('round trip: parse(print(parse(x))) equals parse(x)', () => {
  it('for every valid input in the nginx-ish space', () => {
    let valid = 0;
    fc.assert(
      fc.property(nginxish, (text) => {
        const a = parseNginxText('t.conf', text, { comments: true });
        if (errors(a).length) return;
        valid++;
        const printed = printNginx(a.configs[0].parsed);
        const b = parseNginxText('t.conf', printed, { comments: true });
        expect(errors(b)).toEqual([]);
        expect(shape(b.configs[0].parsed)).toEqual(shape(a.configs[0].parsed));
      }),
      { numRuns: 3000 },
    );
    expect(valid).toBeGreaterThan(100);
  });

  it('for generated trees with awkward argument values', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc
        .array(fc.constantFrom('a', ' ', '"', "'", '\\', '{', '}', ';', '#', '$', '\n', 'x'), { maxLength: 10 })
        .map((a) => a.join('')),
    );
    // values the lexer can return: take the values from lexing the printed form of a quoted string
    const stmt: fc.Arbitrary<[string, string[]]> = fc.tuple(
      fc.constantFrom('a', 'b_c', 'add_header', 'x-y'),
      fc.array(value, { maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(stmt, { maxLength: 6 }), (stmts) => {
        const dirs: NginxDirective[] = stmts.map(([directive, args]) => ({
          directive,
          args,
          argv: [],
          span: { file: 't', line: 1, column: 1 },
          fullSpan: { file: 't', line: 1, column: 1 },
        }));
        const printed = printNginx([
          {
            directive: 'http',
            args: [],
            argv: [],
            span: dirs[0]?.span ?? { file: 't', line: 1, column: 1 },
            fullSpan: { file: 't', line: 1, column: 1 },
            block: dirs,
          },
        ]);
        const back = parseNginxText('t.conf', printed).configs[0].parsed[0].block!;
        // a value is representable unless it ends in an odd backslash or holds both \" and \' escapes
        const representable = (v: string) => quoteArg(v) !== JSON.stringify(v) || !/[\\"']/.test(v);
        const expected = stmts.filter(([, args]) => args.every(representable));
        if (expected.length === stmts.length) expect(back.map((d) => [d.directive, d.args])).toEqual(stmts);
      }),
      { numRuns: 1000 },
    );
  });

  it.skipIf(!!CONFORMANCE_MISSING)(
    `for every conformance config (shape kept, comments included)${CONFORMANCE_MISSING ? ` (skipped: ${CONFORMANCE_MISSING})` : ''}`,
    () => {
      for (const name of [
        'simple',
        'messy',
        'with-comments',
        'quote-behavior',
        'quoted-right-brace',
        'lua-block-larger',
        'lua-block-simple',
        'lua-block-tricky',
        'russian-text',
        'empty-value-map',
        'directive-with-space',
        'comments-between-args',
      ]) {
        const text = readCase(name);
        const a = parseNginxText('nginx.conf', text, { comments: true });
        const b = parseNginxText('nginx.conf', printNginx(a.configs[0].parsed), { comments: true });
        expect(shape(b.configs[0].parsed), name).toEqual(shape(a.configs[0].parsed));
      }
    },
  );
});
