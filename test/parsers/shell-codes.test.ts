/**
 * The shell diagnostic codes across the whole source tree of labs/core/parsers/shell (its command
 * modules and interpreter layers live in subfolders): every code a source emits is listed in
 * SHELL_DIAGNOSTIC_CODES, every listed code is emitted somewhere, and the typed union of codes.ts
 * lists the same codes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHELL_DIAGNOSTIC_CODES } from '../../labs/core/parsers/shell';

const dir = path.join(__dirname, '../../labs/core/parsers/shell');
const CODE = /'(shell\/[a-z-]+)'/g;

function sources(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('shell diagnostic codes, every source', () => {
  it('every emitted code is listed, and every listed code is emitted', () => {
    const lists = new Set([path.join(dir, 'index.ts'), path.join(dir, 'codes.ts')]);
    const used = new Set<string>();
    for (const f of sources(dir))
      if (!lists.has(f)) for (const m of fs.readFileSync(f, 'utf8').matchAll(CODE)) used.add(m[1]);
    expect([...used].sort()).toEqual([...SHELL_DIAGNOSTIC_CODES].sort());
  });

  it('the type of codes.ts lists the codes of SHELL_DIAGNOSTIC_CODES', () => {
    const typed = [...fs.readFileSync(path.join(dir, 'codes.ts'), 'utf8').matchAll(CODE)].map((m) => m[1]);
    expect(typed.sort()).toEqual([...SHELL_DIAGNOSTIC_CODES].sort());
  });
});
