// The 51 configurations of HAProxy's own tree (../shared/conformance/haproxy/): every file parses
// without a throw, with correct line numbers, and prints back to the same structure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter } from '../../../labs/core/source';
import { SECTIONS } from '../../../labs/core/parsers/haproxy/keywords';
import { parseHaproxy, printHaproxy } from '../../../labs/core/parsers/haproxy';
import { conformanceDir, conformanceFiles, conformanceMissing, structure } from './shared';

describe.skipIf(!!conformanceMissing)(
  `haproxy conformance corpus${conformanceMissing ? ` (skipped: ${conformanceMissing})` : ''}`,
  () => {
    it('has the 51 files', () => {
      expect(conformanceFiles).toHaveLength(51);
    });

    it.each(conformanceFiles)('%s', (f) => {
      const text = readFileSync(path.join(conformanceDir, f), 'utf8');
      const { ast, diagnostics } = parseHaproxy(f, text);
      const lc = new LineCounter(text);
      expect(ast.sections.length).toBeGreaterThan(0);
      for (const s of ast.sections) {
        // a header line's text starts (after blanks) with the section keyword
        expect(lc.lineText(s.header.line).trimStart().startsWith(s.type)).toBe(true);
        expect(SECTIONS.has(s.type)).toBe(true);
        expect(s.span.line).toBe(s.header.line);
        for (const l of [s.header, ...s.lines]) {
          expect(l.raw).toBe(lc.lineText(l.line));
          expect(l.span.line).toBe(l.line);
          expect(l.words[0].span.line).toBe(l.line);
          // each word's raw text is exactly the text at its span
          for (const w of l.words) expect(text.slice(w.span.offset, w.span.endOffset)).toBe(w.raw);
          // the keyword is on that line as written
          expect(l.raw).toContain(l.words[0].raw);
        }
      }
      for (const d of diagnostics) {
        expect(d.span.file).toBe(f);
        expect(d.span.line).toBeGreaterThanOrEqual(1);
        expect(d.span.line).toBeLessThanOrEqual(lc.lineCount);
      }
      // Every non-blank, non-comment line of the file is in the tree exactly once.
      const seen = new Set<number>();
      for (const l of [...ast.preamble, ...ast.sections.flatMap((s) => [s.header, ...s.lines])]) {
        expect(seen.has(l.line)).toBe(false);
        seen.add(l.line);
      }
      for (let i = 1; i <= lc.lineCount; i++) {
        const t = lc.lineText(i).trim();
        if (t !== '' && !t.startsWith('#'))
          expect(seen.has(i) || ast.rejectedLines!.some((r) => r.line === i)).toBe(true);
      }
      // Round trip.
      const again = parseHaproxy(f, printHaproxy(ast));
      expect(structure(again.ast)).toEqual(structure(ast));
    });
  },
);
