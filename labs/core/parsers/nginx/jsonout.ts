/**
 * A growable UTF-8 byte buffer that writes JSON exactly as `JSON.stringify` does (compact form).
 * Used by the streaming crossplane writer: the payload is written while the file is parsed, so no
 * AST and no payload objects are kept (a 6 MB config then costs the garbage collector almost
 * nothing) and the output needs no string-to-bytes conversion.
 */
const encoder = /* @__PURE__ */ new TextEncoder();

export class JsonBytes {
  buf: Uint8Array;
  n = 0;

  /**
   * `scratch`: memory to write into instead of a new buffer when it holds at least `size` bytes
   * (its contents are overwritten; see parseNginxCrossplane's `scratch`).
   */
  constructor(size = 1 << 16, scratch?: Uint8Array) {
    this.buf = scratch !== undefined && scratch.length >= size ? scratch : new Uint8Array(size);
  }

  /** Room for `need` more bytes (`buf` may be replaced: read it after). */
  ensure(need: number): void {
    if (this.n + need > this.buf.length) this.grow(need);
  }

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.n + need) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }

  /** ASCII text written verbatim (JSON punctuation and keys; no escaping). */
  raw(s: string): void {
    const len = s.length;
    if (this.n + len > this.buf.length) this.grow(len);
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < len; i++) b[n++] = s.charCodeAt(i);
    this.n = n;
  }

  /** Bytes written verbatim (precomputed JSON fragments). */
  copy(src: Uint8Array): void {
    const len = src.length;
    if (this.n + len > this.buf.length) this.grow(len);
    // TypedArray.set (a memmove) measured faster than a byte loop here, even for ~30 bytes
    this.buf.set(src, this.n);
    this.n += len;
  }

  /** One byte. */
  byte(c: number): void {
    if (this.n + 1 > this.buf.length) this.grow(1);
    this.buf[this.n++] = c;
  }

  /** A non-negative integer. */
  int(v: number): void {
    if (this.n + 16 > this.buf.length) this.grow(16);
    if ((v | 0) !== v || v < 0) {
      this.raw(String(v));
      return;
    }
    this.n = putUint(this.buf, this.n, v);
  }

  /** A JSON string literal, byte-identical to `JSON.stringify(s)` encoded as UTF-8. */
  str(s: string): void {
    this.strRange(s, 0, s.length);
  }

  /** `str(text.slice(start, end))` without the slice. */
  strRange(text: string, start: number, end: number): void {
    const len = end - start;
    if (this.n + len + 2 > this.buf.length) this.grow(len + 2);
    const b = this.buf;
    let n = this.n;
    b[n++] = 34;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 32 || c > 126 || c === 34 || c === 92) {
        this.n = n;
        this.tail(text.slice(start, end), i - start);
        return;
      }
      b[n++] = c;
    }
    b[n++] = 34;
    this.n = n;
  }

  /** The rest of a string literal from its first character that is not plain printable ASCII. */
  private tail(s: string, from: number): void {
    const len = s.length;
    for (let i = from; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        // non-ASCII (and lone surrogates, which JSON.stringify escapes): let V8 write the rest,
        // then encode it (the closing quote included); at most 3 bytes per UTF-16 code unit
        const j = JSON.stringify(s.slice(i)).slice(1);
        if (this.n + j.length * 3 > this.buf.length) this.grow(j.length * 3);
        this.n += encoder.encodeInto(j, this.buf.subarray(this.n)).written;
        return;
      }
      if (this.n + 6 > this.buf.length) this.grow(len - i + 6);
      const b = this.buf;
      if (c >= 32) {
        if (c === 34 || c === 92) b[this.n++] = 92;
        b[this.n++] = c;
      } else {
        b[this.n++] = 92;
        const e = c === 8 ? 98 : c === 9 ? 116 : c === 10 ? 110 : c === 12 ? 102 : c === 13 ? 114 : 0;
        if (e) b[this.n++] = e;
        else {
          // \u00XX, lowercase hex as JSON.stringify writes it
          b[this.n++] = 117;
          b[this.n++] = 48;
          b[this.n++] = 48;
          b[this.n++] = c >= 16 ? 49 : 48;
          const h = c & 15;
          b[this.n++] = h < 10 ? 48 + h : 87 + h;
        }
      }
    }
    if (this.n + 1 > this.buf.length) this.grow(1);
    this.buf[this.n++] = 34;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

/**
 * Writes the digits of `v` (an integer, 0 <= v < 2^31) at b[n...]; returns the index after them.
 * The caller has made room (10 bytes at most). The digits are written backwards and then turned
 * around: no branch on the number's size, so code optimised while the numbers were small is not
 * thrown away when they grow. Integer division by a constant (`| 0`) compiles to a multiplication.
 */
export function putUint(b: Uint8Array, n: number, v: number): number {
  let e = n;
  do {
    const q = (v / 10) | 0;
    b[e++] = 48 + v - q * 10;
    v = q;
  } while (v > 0);
  for (let i = n, j = e - 1; i < j; i++, j--) {
    const t = b[i];
    b[i] = b[j];
    b[j] = t;
  }
  return e;
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export const ARGS_EMPTY = /* @__PURE__ */ utf8(',"args":[]');
export const ARGS_OPEN = /* @__PURE__ */ utf8(',"args":[');
/** `{"directive":NAME,"line":` per directive name (names repeat: their bytes are built once) */
const PREFIXES = new Map<string, Uint8Array>();

export function stmtPrefix(name: string): Uint8Array {
  let p = PREFIXES.get(name);
  if (p === undefined) {
    p = utf8(`{"directive":${JSON.stringify(name)},"line":`);
    if (PREFIXES.size < 4096) PREFIXES.set(name, p);
  }
  return p;
}
