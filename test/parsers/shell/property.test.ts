import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  lexShell,
  parseShell,
  reconstructScript,
  DEBIAN12_STOCK,
  SHELL_DIAGNOSTIC_CODES,
} from '../../../labs/core/parsers/shell/index';

/** Strings built from the characters that matter to bash, so the generator reaches the tricky paths. */
const shellish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ' ',
        '\n',
        '\t',
        '\\',
        "'",
        '"',
        '$',
        '`',
        '(',
        ')',
        '{',
        '}',
        ';',
        '&',
        '|',
        '<',
        '>',
        '#',
        '*',
        '=',
        '~',
        'EOF',
        '<<EOF\n',
        "<<'EOF'\n",
        '<<-EOF\n',
        '\nEOF\n',
        '$(',
        '${',
        '$((',
        "$'",
        'cat ',
        'echo ',
        'echo -e ',
        'printf ',
        "sed -i 's/a/b/' ",
        "sed -i '/x/a y' ",
        'tee ',
        '/etc/x',
        '/etc/nginx/sites-available/default',
        '/etc/haproxy/haproxy.cfg',
        'sudo ',
        'bash -c ',
        'if ',
        'then ',
        'fi',
        'for ',
        'do ',
        'done',
        'case ',
        'esac',
        'X=',
        '$X',
        'ln -s ',
        'rm ',
        'cp ',
        'mv ',
        'exit',
        'set -u\n',
        'f() ',
        '\r\n',
        '\u00e9',
        '\uFFFD',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((a) => a.join(''));

function lineCount(s: string): number {
  return s.split('\n').length;
}

describe('properties: any input, no throw, positions in range', () => {
  it('lexShell and parseShell never throw; spans stay inside the input', () => {
    fc.assert(
      fc.property(fc.oneof(shellish, fc.string({ maxLength: 200 })), (s) => {
        const lx = lexShell(s);
        expect(lx.tokens[lx.tokens.length - 1].t).toBe('eof');
        for (const t of lx.tokens) {
          expect(t.off).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeLessThanOrEqual(s.length);
        }
        const p = parseShell('s.sh', s);
        for (const d of p.diagnostics) {
          expect(d.span.line).toBeGreaterThanOrEqual(1);
          expect(d.span.line).toBeLessThanOrEqual(lineCount(s));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reconstructScript never throws; every origin points at a real line of the script or of a stock file', () => {
    fc.assert(
      fc.property(fc.oneof(shellish, fc.string({ maxLength: 200 })), (s) => {
        const r = reconstructScript('s.sh', s);
        expect(r.diagnostics.some((d) => d.code === 'shell/internal')).toBe(false);
        const n = lineCount(s);
        for (const f of r.files) {
          const lines = f.text === '' ? 0 : f.text.replace(/\n$/, '').split('\n').length;
          expect(f.origin?.length).toBe(lines);
          for (const o of f.origin ?? []) {
            expect(o).toBeDefined();
            if (o!.file === 's.sh') {
              expect(o!.line).toBeGreaterThanOrEqual(1);
              expect(o!.line).toBeLessThanOrEqual(n);
            } else {
              const stock = Object.values(DEBIAN12_STOCK).find((x) => x.origin === o!.file);
              expect(stock, `origin file ${o!.file}`).toBeDefined();
              expect(o!.line).toBeGreaterThanOrEqual(1);
              expect(o!.line).toBeLessThanOrEqual(lineCount(stock!.text));
            }
          }
        }
        for (const d of r.diagnostics) {
          expect(d.span.file).toBe('s.sh');
          expect(d.span.line).toBeGreaterThanOrEqual(1);
          expect(d.span.line).toBeLessThanOrEqual(n);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('diagnostic codes', () => {
  it('every code the sources can emit is listed in SHELL_DIAGNOSTIC_CODES, and every listed code is used', () => {
    const dir = path.join(__dirname, '../../../labs/core/parsers/shell');
    const used = new Set<string>();
    // every module of the reconstructor (commands/, interp/ too), not the list of codes itself
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter(
      (x) => x.endsWith('.ts') && x !== 'index.ts' && x !== 'codes.ts' && !x.startsWith('stock/'),
    );
    for (const f of files) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/'(shell\/[a-z-]+)'/g)) used.add(m[1]);
    }
    expect([...used].sort()).toEqual([...SHELL_DIAGNOSTIC_CODES].sort());
  });
});
