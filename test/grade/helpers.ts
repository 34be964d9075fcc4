/** Test helpers: archive writers (zip, tar, tar.gz) that can produce malicious entries on purpose. */
import { ensureCliBuilt } from '../cli-build';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export interface ArcEntry {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo';
  target?: string;
  /** zip only: 0 stored, 8 deflate (default). */
  method?: 0 | 8;
}

export function makeZip(entries: ArcEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const type = e.type ?? 'file';
    const name = Buffer.from(type === 'dir' && !e.name.endsWith('/') ? e.name + '/' : e.name, 'utf8');
    const content = type === 'symlink' ? Buffer.from(e.target ?? '') : Buffer.from(e.data ?? '');
    const method = type === 'dir' ? 0 : (e.method ?? 8);
    const body = method === 8 ? deflateRawSync(content) : content;
    const crc = crc32(content) >>> 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(content.length, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, body);
    const mode = type === 'symlink' ? 0o120777 : type === 'dir' ? 0o040755 : type === 'fifo' ? 0o010644 : 0o100644;
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE((3 << 8) | 20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(content.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE((mode << 16) >>> 0, 38);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

function tarHeader(name: string, size: number, type: string, link = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write(link.slice(0, 100), 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function pad(b: Buffer): Buffer {
  const r = b.length % 512;
  return r ? Buffer.concat([b, Buffer.alloc(512 - r)]) : b;
}

export function makeTar(entries: ArcEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (Buffer.byteLength(e.name) > 100) {
      // A pax header carries the long path.
      const rec = (k: string, v: string): string => {
        const body = ` ${k}=${v}\n`;
        let len = body.length + 1;
        while (String(len).length + body.length !== len) len = String(len).length + body.length;
        return `${len}${body}`;
      };
      const pax = Buffer.from(rec('path', e.name));
      parts.push(tarHeader('PaxHeader', pax.length, 'x'), pad(pax));
    }
    if (type === 'file') {
      const d = Buffer.from(e.data ?? '');
      parts.push(tarHeader(e.name, d.length, '0'), pad(d));
    } else if (type === 'dir') parts.push(tarHeader(e.name.endsWith('/') ? e.name : e.name + '/', 0, '5'));
    else if (type === 'symlink') parts.push(tarHeader(e.name, 0, '2', e.target));
    else if (type === 'hardlink') parts.push(tarHeader(e.name, 0, '1', e.target));
    else if (type === 'fifo') parts.push(tarHeader(e.name, 0, '6'));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function makeTgz(entries: ArcEntry[]): Buffer {
  return gzipSync(makeTar(entries));
}

// ------------------------------------------------------------------------------- class fixtures

export const ROOT = join(__dirname, '..', '..');
export const SOLUTION = join(ROOT, 'labs', 'specs', 'distributed-web', 'solution');
export const CLI = join(ROOT, 'dist', 'labs', 'cli', 'web-infra-lab.js');

/** True when every labs/node/grade/*.ts (and the grade command) has a compiled .js at least as new. */
function compiledIsFresh(): boolean {
  const pairs: Array<[string, string]> = [
    [join(ROOT, 'labs', 'node', 'commands', 'grade.ts'), join(ROOT, 'dist', 'labs', 'node', 'commands', 'grade.js')],
  ];
  for (const n of readdirSync(join(ROOT, 'labs', 'node', 'grade'))) {
    if (n.endsWith('.ts'))
      pairs.push([
        join(ROOT, 'labs', 'node', 'grade', n),
        join(ROOT, 'dist', 'labs', 'node', 'grade', n.replace(/\.ts$/, '.js')),
      ]);
  }
  return pairs.every(([src, out]) => existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs);
}

/** The compiled CLI and worker are what grading runs; build them when missing or older than the sources. */
export function ensureBuilt(): void {
  const worker = join(ROOT, 'dist', 'labs', 'node', 'grade', 'worker.js');
  if (!existsSync(CLI) || !compiledIsFresh()) ensureCliBuilt();
  if (!existsSync(worker) || !existsSync(join(ROOT, 'dist', 'labs', 'node', 'check.js')))
    throw new Error('the compiled CLI is missing after npm run build:cli');
}

export function copySolution(to: string, edit?: (rel: string, text: string) => string): void {
  cpSync(SOLUTION, to, { recursive: true });
  if (!edit) return;
  const walk = (d: string, rel: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      if (statSync(p).isDirectory()) walk(p, r);
      else {
        const t = readFileSync(p, 'utf8');
        const e = edit(r, t);
        if (e !== t) writeFileSync(p, e);
      }
    }
  };
  walk(to, '');
}

/** A tree of files (relative path -> text) from a folder, for building archives of it. */
export function treeOf(dir: string, prefix = ''): ArcEntry[] {
  const out: ArcEntry[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...treeOf(p, `${prefix}${n}/`));
    else out.push({ name: `${prefix}${n}`, data: readFileSync(p) });
  }
  return out;
}

export function gitRepoOf(dir: string): void {
  const run = (...args: string[]) => {
    const r = spawnSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@x',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@x',
      },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  run('init', '-q');
  run('add', '-A');
  run('commit', '-qm', 'answer');
}

export function mkdirp(p: string): string {
  mkdirSync(p, { recursive: true });
  return p;
}
