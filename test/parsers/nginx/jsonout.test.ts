/**
 * JsonBytes writes JSON exactly as JSON.stringify does (compact), as UTF-8 bytes; the crossplane
 * writers build their payloads with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBytes, putUint } from '../../../labs/core/parsers/nginx/jsonout';

const dec = new TextDecoder();
const text = (o: JsonBytes) => dec.decode(o.bytes());

describe('JsonBytes', () => {
  it('int() writes what String() writes, at every digit-count boundary and beyond int32', () => {
    const values = [
      0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 65535, 65536, 99999, 100000, 999999, 1000000, 9999999, 10000000,
      99999999, 100000000, 999999999, 1000000000, 2147483646, 2147483647, 2147483648, 4294967296, 1e15, 1.5, -1, -10,
      0.1,
    ];
    for (const v of values) {
      const o = new JsonBytes(4);
      o.int(v);
      expect(text(o)).toBe(String(v));
    }
  });

  it('int() after other bytes, with growth (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 50 }), (vs) => {
        const o = new JsonBytes(1);
        for (const v of vs) {
          o.int(v);
          o.byte(44);
        }
        expect(text(o)).toBe(vs.map((v) => `${v},`).join(''));
      }),
    );
  });

  it('putUint() returns the index after the digits and writes nothing else', () => {
    const b = new Uint8Array(16).fill(120);
    const e = putUint(b, 3, 40719);
    expect(e).toBe(8);
    expect(dec.decode(b)).toBe('xxx40719xxxxxxxx');
    expect(putUint(b, 0, 0)).toBe(1);
    expect(b[0]).toBe(48);
  });

  it('str() and strRange() write what JSON.stringify writes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), fc.nat(), (s, a, z) => {
        const o = new JsonBytes(1);
        o.str(s);
        expect(text(o)).toBe(JSON.stringify(s));
        const i = Math.min(a, s.length);
        const j = Math.min(i + z, s.length);
        const r = new JsonBytes(2);
        r.strRange(s, i, j);
        expect(text(r)).toBe(JSON.stringify(s.slice(i, j)));
      }),
    );
  });

  it('writes into scratch memory when it is large enough, and into its own buffer otherwise', () => {
    const scratch = new Uint8Array(64).fill(0xab);
    const o = new JsonBytes(32, scratch);
    expect(o.buf).toBe(scratch);
    o.raw('{"a":');
    o.int(12);
    o.byte(125);
    expect(text(o)).toBe('{"a":12}');
    const small = new Uint8Array(8);
    expect(new JsonBytes(32, small).buf).not.toBe(small);
  });
});
