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

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
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

  /** A non-negative integer. */
  int(v: number): void {
    if (v < 10) {
      if (this.n + 1 > this.buf.length) this.grow(1);
      this.buf[this.n++] = 48 + v;
      return;
    }
    this.raw(String(v));
  }

  /** A JSON string literal, byte-identical to `JSON.stringify(s)` encoded as UTF-8. */
  str(s: string): void {
    const len = s.length;
    if (this.n + len + 2 > this.buf.length) this.grow(len + 2);
    const b = this.buf;
    let n = this.n;
    b[n++] = 34;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c > 126 || c === 34 || c === 92) {
        this.slow(s);
        return;
      }
      b[n++] = c;
    }
    b[n++] = 34;
    this.n = n;
  }

  /** Escapes, non-ASCII text, lone surrogates: let V8 do it, then encode. */
  private slow(s: string): void {
    const j = JSON.stringify(s);
    // at most 3 bytes per UTF-16 code unit
    if (this.n + j.length * 3 > this.buf.length) this.grow(j.length * 3);
    const r = encoder.encodeInto(j, this.buf.subarray(this.n));
    this.n += r.written;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
