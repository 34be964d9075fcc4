// Property tests: any input parses without a throw, spans stay inside the input, line numbers
// stay in range, and print(parse(x)) parses back to the same structure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter } from '../../../labs/core/source';
import type { Span } from '../../../labs/core/source';
import { parseHaproxy, printHaproxy } from '../../../labs/core/parsers/haproxy';
import { structure } from './shared';

// Strings rich in the characters the lexer cares about.
const special = fc.constantFrom(
  ' ',
  '\t',
  '\n',
  '\r',
  '"',
  "'",
  '\\',
  '#',
  '$',
  '{',
  '}',
  '[',
  ']',
  '*',
  '-',
  'x',
  '4',
  '1',
  '\v',
  '\0',
);
const words = fc.constantFrom(
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'bind',
  'server',
  'no',
  'default',
  'option',
  'timeout',
  '.if',
  '.endif',
  'balance',
  ':80',
  'check',
  '""',
  '\n"" x',
);
const tricky = fc
  .array(
    fc.oneof(special, words, fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    { maxLength: 80 },
  )
  .map((a) => a.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), tricky);

function allSpans(r: ReturnType<typeof parseHaproxy>): Span[] {
  const spans: Span[] = r.diagnostics.map((d) => d.span);
  for (const l of [...r.ast.preamble, ...r.ast.sections.flatMap((s) => [s.header, ...s.lines])]) {
    spans.push(l.span);
    for (const w of l.words) spans.push(w.span);
  }
  for (const s of r.ast.sections) spans.push(s.span);
  return spans;
}

describe('haproxy parser properties', () => {
  it('never throws; spans lie inside the input; lines are in range', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parseHaproxy('p.cfg', text);
        const lc = new LineCounter(text);
        for (const s of allSpans(r)) {
          expect(s.file).toBe('p.cfg');
          expect(s.line).toBeGreaterThanOrEqual(1);
          expect(s.line).toBeLessThanOrEqual(lc.lineCount);
          if (s.endLine !== undefined) expect(s.endLine).toBeLessThanOrEqual(lc.lineCount);
          if (s.offset !== undefined) {
            expect(s.offset).toBeGreaterThanOrEqual(0);
            expect(s.offset).toBeLessThanOrEqual(text.length);
            expect(s.endOffset!).toBeGreaterThanOrEqual(s.offset);
            expect(s.endOffset!).toBeLessThanOrEqual(text.length);
            expect(lc.position(s.offset)).toEqual({ line: s.line, column: s.column });
          }
        }
        for (const d of r.diagnostics) expect(d.code).toMatch(/^haproxy\/[a-z-]+$/);
      }),
      { numRuns: 600 },
    );
  });

  it('word raw text is the input at the word span', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parseHaproxy('p.cfg', text);
        for (const l of [...r.ast.preamble, ...r.ast.sections.flatMap((s) => [s.header, ...s.lines])]) {
          for (const w of l.words) expect(text.slice(w.span.offset, w.span.endOffset)).toBe(w.raw);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('print(parse(x)) parses to the same structure', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const a = parseHaproxy('p.cfg', text);
        const b = parseHaproxy('p.cfg', printHaproxy(a.ast));
        expect(structure(b.ast)).toEqual(structure(a.ast));
        // Same diagnostics, except stray-cr: the text HAProxy ignores after a CR is not re-emitted.
        const keep = (ds: typeof a.diagnostics) =>
          ds.filter((d) => d.code !== 'haproxy/stray-cr').map((d) => [d.code, d.span.line]);
        expect(keep(b.diagnostics)).toEqual(keep(a.diagnostics));
      }),
      { numRuns: 400 },
    );
  });

  it('printing is stable: print(parse(print(parse(x)))) === print(parse(x))', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = printHaproxy(parseHaproxy('p.cfg', text).ast);
        expect(printHaproxy(parseHaproxy('p.cfg', once).ast)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
