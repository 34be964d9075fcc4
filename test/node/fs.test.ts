import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiText, formatBytes, loadFile, loadSubmission } from '../../labs/node/fs';
import { decodeText } from '../../labs/core/source';
import { UsageError } from '../../labs/node/io';

let base: string;
let sub: string;
let outside: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'wil-fs-'));
  sub = join(base, 'sub');
  outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'top secret\n');
  mkdirSync(join(sub, 'lb-01'), { recursive: true });
  mkdirSync(join(sub, 'web-01', 'conf.d'), { recursive: true });
  mkdirSync(join(sub, '.git'));
  mkdirSync(join(sub, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(sub, 'lb-01', 'haproxy.cfg'), 'global\n');
  writeFileSync(join(sub, 'web-01', 'nginx.conf'), 'events {}\n');
  writeFileSync(join(sub, 'web-01', 'conf.d', 'a.conf'), 'server {}\n');
  writeFileSync(join(sub, '.git', 'HEAD'), 'ref\n');
  writeFileSync(join(sub, 'node_modules', 'x', 'i.js'), '1\n');
  writeFileSync(join(sub, 'big.log'), Buffer.alloc(2048, 'a'));
  symlinkSync(join(outside, 'secret.txt'), join(sub, 'leak.txt'));
  symlinkSync('../outside', join(sub, 'leakdir'));
  symlinkSync('lb-01/haproxy.cfg', join(sub, 'inside-link.cfg'));
  symlinkSync('web-01', join(sub, 'web-link'));
  symlinkSync('nowhere', join(sub, 'broken'));
  symlinkSync('.', join(sub, 'web-01', 'self'));
  execFileSync('mkfifo', [join(sub, 'pipe')]);
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('loadSubmission', () => {
  it('reads regular files and follows inside links, skipping .git and node_modules', async () => {
    const { tree, diagnostics } = await loadSubmission(sub, { maxFileBytes: 1024 });
    const files = tree.list();
    expect(files).toContain('lb-01/haproxy.cfg');
    expect(files).toContain('web-01/conf.d/a.conf');
    expect(files).toContain('inside-link.cfg');
    expect(files).toContain('web-link/nginx.conf');
    expect(files.some((f) => f.startsWith('.git') || f.startsWith('node_modules'))).toBe(false);
    expect(new TextDecoder().decode(tree.read('inside-link.cfg'))).toBe('global\n');
    const codes = diagnostics.map((d) => `${d.code} ${d.span.file}`);
    expect(codes).toContain('file/too-large big.log');
    expect(codes).toContain('file/symlink-outside leak.txt');
    expect(codes).toContain('file/symlink-outside leakdir');
    expect(codes).toContain('file/symlink-broken broken');
    expect(codes).toContain('file/special pipe');
    expect(
      codes.some(
        (c) => c.startsWith('file/symlink-loop web-01/self') || c.startsWith('file/symlink-loop web-link/self'),
      ),
    ).toBe(true);
  });

  it('never reads a target outside the folder', async () => {
    const { tree } = await loadSubmission(sub);
    for (const f of tree.list()) expect(new TextDecoder().decode(tree.read(f))).not.toContain('top secret');
    expect(tree.read('leak.txt')).toBeUndefined();
  });

  it('names the size limit in the too-large diagnostic', async () => {
    const { diagnostics } = await loadSubmission(sub, { maxFileBytes: 1024 });
    const d = diagnostics.find((x) => x.code === 'file/too-large');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('1 KB');
    expect(d?.message).toContain('2048 bytes');
  });

  it('stops at the file count and total size limits with one diagnostic each', async () => {
    const few = await loadSubmission(sub, { maxFiles: 2 });
    expect(few.tree.list()).toHaveLength(2);
    expect(few.diagnostics.filter((d) => d.code === 'file/too-many-files')).toHaveLength(1);
    const small = await loadSubmission(sub, { maxTotalBytes: 20 });
    expect(small.diagnostics.filter((d) => d.code === 'file/total-too-large')).toHaveLength(1);
  });

  it('limits the depth', async () => {
    const { tree, diagnostics } = await loadSubmission(sub, { maxDepth: 1 });
    expect(tree.list()).not.toContain('web-01/conf.d/a.conf');
    expect(diagnostics.some((d) => d.code === 'file/too-deep' && d.span.file === 'web-01/conf.d')).toBe(true);
  });

  it('throws a UsageError only for a missing or non-folder root', async () => {
    await expect(loadSubmission(join(base, 'nope'))).rejects.toBeInstanceOf(UsageError);
    await expect(loadSubmission(join(sub, 'lb-01', 'haproxy.cfg'))).rejects.toBeInstanceOf(UsageError);
  });
});

describe('loadFile', () => {
  it('reads the file at once and its folder lazily', async () => {
    const r = await loadFile(join(sub, 'web-01', 'nginx.conf'));
    expect(r.entry).toBe('nginx.conf');
    expect(new TextDecoder().decode(r.tree.read('nginx.conf'))).toBe('events {}\n');
    expect(new TextDecoder().decode(r.tree.read('conf.d/a.conf'))).toBe('server {}\n');
    expect(r.tree.list()).toContain('conf.d/a.conf');
    expect(r.tree.read('../lb-01/haproxy.cfg')).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
  });

  it('refuses lazily read links that leave the folder', async () => {
    const r = await loadFile(join(sub, 'inside-link.cfg'));
    expect(r.tree.read('leak.txt')).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['file/symlink-outside']);
  });

  it('reads with room to reuse; a taken buffer is written over and the entry is read again from the disk', async () => {
    const plain = await loadFile(join(sub, 'web-01', 'nginx.conf'));
    expect(plain.takeBuffer).toBeUndefined();
    const r = await loadFile(join(sub, 'web-01', 'nginx.conf'), undefined, { room: (size) => 2 * size + 100 });
    expect(new TextDecoder().decode(r.bytes)).toBe('events {}\n');
    const buf = r.takeBuffer!();
    expect(buf.buffer).toBe(r.bytes!.buffer);
    expect(buf.length).toBeGreaterThanOrEqual(3 * 10 + 100);
    buf.fill(0x78);
    expect(new TextDecoder().decode(r.bytes)).toBe('xxxxxxxxxx');
    expect(new TextDecoder().decode(r.tree.read('nginx.conf'))).toBe('events {}\n');
  });

  it('reports an over-size file without reading it', async () => {
    const r = await loadFile(join(sub, 'big.log'), { maxFileBytes: 1000 });
    expect(r.bytes).toBeUndefined();
    expect(r.diagnostics[0].code).toBe('file/too-large');
    expect(r.diagnostics[0].message).toContain('1000 bytes');
  });

  it('throws a UsageError for a missing file, a folder or a FIFO', async () => {
    await expect(loadFile(join(sub, 'missing.cfg'))).rejects.toBeInstanceOf(UsageError);
    await expect(loadFile(sub)).rejects.toBeInstanceOf(UsageError);
    await expect(loadFile(join(sub, 'pipe'))).rejects.toBeInstanceOf(UsageError);
  });
});

describe('formatBytes', () => {
  it('names limits readably', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});

describe("asciiText (decodeText's fast path for ASCII files)", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('gives the same result as UTF-8 decoding for ASCII, and steps aside for anything else', () => {
    for (const s of ['', 'listen 80;\n', 'a\r\nb\t\x7f', '#'.repeat(100_000)]) {
      expect(asciiText(enc(s))).toBe(s);
      expect(decodeText('f', enc(s), undefined, asciiText)).toEqual(decodeText('f', enc(s)));
    }
    for (const s of ['\ufeffserver {}', 'caf\u00e9', '\u00a0']) {
      expect(asciiText(enc(s))).toBeUndefined();
      expect(decodeText('f', enc(s), undefined, asciiText)).toEqual(decodeText('f', enc(s)));
    }
    const bad = new Uint8Array([0x61, 0xff, 0x62]);
    expect(decodeText('f', bad, undefined, asciiText)).toEqual(decodeText('f', bad));
    expect(decodeText('f', bad).diagnostics.map((d) => d.code)).toEqual(['file/invalid-utf8']);
  });

  it('still refuses binary and over-large files first', () => {
    expect(decodeText('f', new Uint8Array([0x61, 0, 0x62]), undefined, asciiText).binary).toBe(true);
    expect(decodeText('f', enc('abc'), 2, asciiText).diagnostics.map((d) => d.code)).toEqual(['file/too-large']);
  });
});
