import { describe, expect, it } from 'vitest';
import { LineCounter, decodeText, mapToOrigin } from '../../labs/core/source';
import { MemoryTree, glob, joinPath, normalizePath } from '../../labs/core/vfs';

describe('LineCounter', () => {
  it('maps offsets to 1-based lines and columns, LF and CRLF alike', () => {
    const lf = new LineCounter('ab\ncd\n\nef');
    expect(lf.position(0)).toEqual({ line: 1, column: 1 });
    expect(lf.position(4)).toEqual({ line: 2, column: 2 });
    expect(lf.position(7)).toEqual({ line: 4, column: 1 });
    expect(lf.lineText(2)).toBe('cd');
    const crlf = new LineCounter('ab\r\ncd\r\n');
    expect(crlf.position(4)).toEqual({ line: 2, column: 1 });
    expect(crlf.lineText(1)).toBe('ab');
    expect(lf.span('f', 3, 5)).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 3 });
  });

  it('clamps offsets outside the text', () => {
    const c = new LineCounter('x\ny');
    expect(c.position(-5)).toEqual({ line: 1, column: 1 });
    expect(c.position(99)).toEqual({ line: 2, column: 2 });
  });
});

describe('decodeText', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('drops a BOM with an info diagnostic', () => {
    const r = decodeText('a.cfg', new Uint8Array([0xef, 0xbb, 0xbf, ...enc('x\n')]));
    expect(r.text).toBe('x\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['file/bom']);
  });
  it('reports invalid UTF-8 at its line', () => {
    const r = decodeText('a.cfg', new Uint8Array([...enc('ok\nb'), 0xff, 0x0a]));
    expect(r.diagnostics[0]).toMatchObject({ code: 'file/invalid-utf8', span: { line: 2, column: 2 } });
  });
  it('refuses binary and over-size files', () => {
    expect(decodeText('a', new Uint8Array([1, 0, 2])).diagnostics[0].code).toBe('file/binary');
    expect(decodeText('a', new Uint8Array(11), 10).diagnostics[0].code).toBe('file/too-large');
  });
});

describe('vfs', () => {
  it('never resolves a path above the root', () => {
    expect(normalizePath('a/./b/../c')).toBe('a/c');
    expect(normalizePath('../etc/shadow')).toBeNull();
    expect(normalizePath('/etc/shadow')).toBeNull();
    expect(joinPath('web-01', '../../x')).toBeNull();
    expect(joinPath('web-01/conf', '../sites/a.conf')).toBe('web-01/sites/a.conf');
  });
  it('globs within one path segment', () => {
    const t = new MemoryTree({ 'a/x.conf': '', 'a/y.conf': '', 'a/sub/z.conf': '', 'a/w.txt': '' });
    expect(glob(t, 'a/*.conf')).toEqual(['a/x.conf', 'a/y.conf']);
    expect(glob(t, 'a/[xz].conf')).toEqual(['a/x.conf']);
    expect(t.read('a/../a/x.conf')).toBeDefined();
  });
  it('maps a reconstructed line back to its script line', () => {
    const src = { path: 'lb-01/setup.sh', text: 'a\nb\n', origin: [{ file: 'lb-01/setup.sh', line: 7 }, undefined] };
    expect(mapToOrigin({ file: 'x', line: 1, column: 4 }, src)).toEqual({ file: 'lb-01/setup.sh', line: 7, column: 1 });
    expect(mapToOrigin({ file: 'x', line: 2, column: 4 }, src)).toEqual({ file: 'x', line: 2, column: 4 });
  });
});
