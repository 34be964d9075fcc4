/**
 * Safe extraction of learners' archives (`.zip`, `.tar`, `.tar.gz`, `.tgz`) into a temp folder.
 *
 * The readers are written here (zip: end-of-central-directory + central directory + local headers,
 * deflate via node:zlib inflateRawSync; tar: 512-byte ustar headers with pax `path`/`linkpath`/`size`
 * and GNU long names, gzip via node:zlib gunzipSync) so that every limit is checked before bytes are
 * produced, not after:
 *
 * - the archive file's own size, the total extracted size, the number of files, the folder depth;
 * - the compression ratio (a zip bomb: many MB out of a few KB in) per entry and for the whole archive;
 *   inflation is bounded with `maxOutputLength`, so a lying size field cannot make us allocate more.
 *
 * Entries are refused (and reported, the rest is still extracted) when they would leave the folder:
 * `../` climbing out, absolute paths (`/etc/x`, `C:\x`), links whose target leaves the folder, and
 * special files (devices, FIFOs). Links inside the folder become plain copies of their target file:
 * nothing is ever created on disk but regular files and folders, each with an exclusive create
 * (`wx`), so no later entry can write through a link. A limit breach makes the whole archive an error
 * (the learner gets one `error` row with the reason) and the temp folder is removed.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { normalizePath } from '../../core/vfs';

export interface ArchiveLimits {
  /** Largest archive file read (bytes). Default 100 MB. */
  maxArchiveBytes: number;
  /** Largest total of extracted file bytes. Default 50 MB (the same as a folder submission). */
  maxTotalBytes: number;
  /** Most entries (files, folders, links). Default 5,000. */
  maxFiles: number;
  /** Deepest path (segments). Default 16. */
  maxDepth: number;
  /** Largest uncompressed/compressed ratio, checked for entries (and archives) over `ratioFloorBytes`. Default 100. */
  maxRatio: number;
  /** Entries smaller than this are never ratio-checked (tiny files compress well). Default 64 KB. */
  ratioFloorBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 100 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxFiles: 5000,
  maxDepth: 16,
  maxRatio: 100,
  ratioFloorBytes: 64 * 1024,
};

export type ArchiveKind = 'zip' | 'tar' | 'tgz';

export function archiveKind(name: string): ArchiveKind | undefined {
  const n = name.toLowerCase();
  if (n.endsWith('.zip')) return 'zip';
  if (n.endsWith('.tar.gz') || n.endsWith('.tgz')) return 'tgz';
  if (n.endsWith('.tar')) return 'tar';
  return undefined;
}

/** The learner id an archive names: its file name without the archive extension. */
export function archiveStem(name: string): string {
  return name.replace(/\.(zip|tar\.gz|tgz|tar)$/i, '');
}

export interface RefusedEntry {
  entry: string;
  reason: string;
}

/** A limit breach or a corrupt archive: the whole submission becomes one `error` row. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

type Entry =
  | { type: 'file'; name: string; data: () => Buffer; size: number; compressed: number }
  | { type: 'dir'; name: string }
  | { type: 'symlink'; name: string; target: string }
  | { type: 'hardlink'; name: string; target: string }
  | { type: 'other'; name: string; what: string };

// ---------------------------------------------------------------------------------------------- zip

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}

function zipEntries(buf: Buffer, lim: ArchiveLimits): Entry[] {
  const eocd = findEocd(buf);
  if (eocd < 0) throw new ArchiveError('not a zip archive (no end-of-central-directory record)', 'archive/corrupt');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw new ArchiveError('ZIP64 archives are not supported (a lab answer is small)', 'archive/unsupported');
  }
  if (count > lim.maxFiles)
    throw new ArchiveError(
      `the archive has ${count} entries, over the limit of ${lim.maxFiles}`,
      'archive/too-many-files',
    );
  if (cdOffset + cdSize > buf.length)
    throw new ArchiveError('corrupt zip archive (central directory outside the file)', 'archive/corrupt');
  const out: Entry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new ArchiveError('corrupt zip archive (bad central directory entry)', 'archive/corrupt');
    const madeBy = buf.readUInt16LE(p + 4) >> 8;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const ext = buf.readUInt32LE(p + 38);
    const lho = buf.readUInt32LE(p + 42);
    const rawName = buf.subarray(p + 46, p + 46 + nlen);
    const name = flags & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1');
    p += 46 + nlen + xlen + clen;
    const mode = madeBy === 3 ? ext >>> 16 : 0;
    const ftype = mode & 0o170000;
    if (name.endsWith('/') || name.endsWith('\\') || ftype === 0o040000) {
      out.push({ type: 'dir', name });
      continue;
    }
    if (ftype !== 0 && ftype !== 0o100000 && ftype !== 0o120000) {
      out.push({ type: 'other', name, what: 'a special file (device, FIFO or socket)' });
      continue;
    }
    if (flags & 0x1) {
      out.push({ type: 'other', name, what: 'encrypted' });
      continue;
    }
    if (method !== 0 && method !== 8) {
      out.push({ type: 'other', name, what: `compressed with an unsupported method (${method})` });
      continue;
    }
    if (lho + 30 > buf.length || buf.readUInt32LE(lho) !== 0x04034b50)
      throw new ArchiveError(`corrupt zip archive (bad local header for ${name})`, 'archive/corrupt');
    const dataStart = lho + 30 + buf.readUInt16LE(lho + 26) + buf.readUInt16LE(lho + 28);
    if (dataStart + csize > buf.length)
      throw new ArchiveError(`corrupt zip archive (${name} runs past the end)`, 'archive/corrupt');
    const raw = buf.subarray(dataStart, dataStart + csize);
    const data = (): Buffer => {
      let bytes: Buffer;
      if (method === 0) bytes = raw;
      else {
        try {
          // Never produce more than the entry claims (+1 to notice a lie) nor more than the whole budget.
          bytes = inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(usize, lim.maxTotalBytes) + 1) });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
            throw new ArchiveError(
              `${name} inflates to more than its declared size or the ${lim.maxTotalBytes}-byte limit (a zip bomb?)`,
              'archive/bomb',
            );
          }
          throw new ArchiveError(`corrupt zip archive (${name}: ${(err as Error).message})`, 'archive/corrupt');
        }
      }
      if (bytes.length !== usize)
        throw new ArchiveError(
          `corrupt zip archive (${name} has ${bytes.length} bytes, declared ${usize})`,
          'archive/corrupt',
        );
      if (crc32(bytes) >>> 0 !== crc)
        throw new ArchiveError(`corrupt zip archive (${name} fails its CRC check)`, 'archive/corrupt');
      return bytes;
    };
    if (ftype === 0o120000) {
      out.push({ type: 'symlink', name, target: data().toString('utf8') });
    } else {
      out.push({ type: 'file', name, data, size: usize, compressed: csize });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- tar

function cstr(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const z = s.indexOf(0);
  return (z >= 0 ? s.subarray(0, z) : s).toString('utf8');
}

function octal(b: Buffer, start: number, len: number): number {
  if (b[start] & 0x80) {
    // GNU base-256 for large values.
    let v = 0;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + b[i];
    return v;
  }
  const s = cstr(b, start, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return NaN;
  return parseInt(s, 8);
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let p = 0;
  const bytes = Buffer.from(text, 'utf8');
  while (p < bytes.length) {
    const sp = bytes.indexOf(0x20, p);
    if (sp < 0) break;
    const len = parseInt(bytes.subarray(p, sp).toString('ascii'), 10);
    if (!(len > 0)) break;
    const rec = bytes.subarray(sp + 1, p + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    p += len;
  }
  return out;
}

function tarEntries(buf: Buffer, lim: ArchiveLimits): Entry[] {
  const out: Entry[] = [];
  let p = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let headers = 0;
  while (p + 512 <= buf.length) {
    const h = buf.subarray(p, p + 512);
    if (h.every((x) => x === 0)) break;
    if (++headers > lim.maxFiles * 3)
      throw new ArchiveError(`the archive has more than ${lim.maxFiles} entries`, 'archive/too-many-files');
    const stored = octal(h, 148, 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (stored !== sum)
      throw new ArchiveError(`corrupt tar archive (bad header checksum at byte ${p})`, 'archive/corrupt');
    const type = String.fromCharCode(h[156] || 0x30);
    const magic = cstr(h, 257, 6);
    let name = cstr(h, 0, 100);
    if (magic === 'ustar') {
      const prefix = cstr(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    let size = pax.size !== undefined ? Number(pax.size) : octal(h, 124, 12);
    if (!Number.isFinite(size) || size < 0)
      throw new ArchiveError(`corrupt tar archive (bad size for ${name})`, 'archive/corrupt');
    if (type === '1' || type === '2' || type === '5' || type === '3' || type === '4' || type === '6')
      size = type === '5' ? 0 : size;
    const dataStart = p + 512;
    if (dataStart + size > buf.length)
      throw new ArchiveError(`corrupt tar archive (${name} runs past the end)`, 'archive/corrupt');
    const body = buf.subarray(dataStart, dataStart + size);
    p = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      pax = parsePax(body.toString('utf8'));
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = cstr(body, 0, body.length);
      continue;
    }
    if (type === 'K') {
      longLink = cstr(body, 0, body.length);
      continue;
    }
    if (longName !== undefined) name = longName;
    if (pax.path !== undefined) name = pax.path;
    const link = pax.linkpath ?? longLink ?? cstr(h, 157, 100);
    pax = {};
    longName = undefined;
    longLink = undefined;
    switch (type) {
      case '0':
      case '7':
        out.push({ type: 'file', name, data: () => body, size, compressed: size });
        break;
      case '5':
        out.push({ type: 'dir', name });
        break;
      case '2':
        out.push({ type: 'symlink', name, target: link });
        break;
      case '1':
        out.push({ type: 'hardlink', name, target: link });
        break;
      default:
        out.push({
          type: 'other',
          name,
          what:
            type === '3' || type === '4'
              ? 'a device file'
              : type === '6'
                ? 'a named pipe (FIFO)'
                : `an unsupported tar entry type '${type}'`,
        });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------ extract

export interface Extracted {
  /** The temp folder holding everything extracted (remove it with `cleanup`). */
  tempDir: string;
  /** The submission's root: the temp folder, or its single top-level folder when the archive wraps one. */
  root: string;
  refused: RefusedEntry[];
  cleanup(): void;
}

/** macOS and Windows junk that is never part of an answer. */
function isJunk(path: string): boolean {
  return (
    path.startsWith('__MACOSX/') ||
    path === '__MACOSX' ||
    /(^|\/)\.DS_Store$/.test(path) ||
    /(^|\/)Thumbs\.db$/i.test(path)
  );
}

/**
 * `target` of a link written at `name`: resolved the way the OS would (symlinks: relative to the
 * link's folder; hardlinks: relative to the archive root). Null when it leaves the archive.
 */
function linkTarget(name: string, target: string, kind: 'symlink' | 'hardlink'): string | null {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) return null;
  if (kind === 'hardlink') return normalizePath(target);
  const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
  return normalizePath(dir === '' ? target : `${dir}/${target}`);
}

/** Reads an archive and extracts it into a fresh temp folder under `parent` (default the OS temp dir). */
export function extractArchive(
  file: string,
  opts: { limits?: Partial<ArchiveLimits>; parent?: string; isHostDir?: (name: string) => boolean } = {},
): Extracted {
  const lim: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...opts.limits };
  const kind = archiveKind(file);
  if (!kind) throw new ArchiveError('not an archive (.zip, .tar, .tar.gz or .tgz)', 'archive/unsupported');
  let st;
  try {
    st = lstatSync(file);
  } catch (err) {
    throw new ArchiveError(
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      'archive/unreadable',
    );
  }
  if (!st.isFile()) throw new ArchiveError('not a regular file', 'archive/unreadable');
  if (st.size > lim.maxArchiveBytes)
    throw new ArchiveError(
      `the archive is ${st.size} bytes, over the ${lim.maxArchiveBytes}-byte limit`,
      'archive/too-large',
    );
  const raw = readFileSync(file);
  let entries: Entry[];
  if (kind === 'zip') entries = zipEntries(raw, lim);
  else {
    let tar = raw;
    if (kind === 'tgz') {
      const budget = lim.maxTotalBytes + lim.maxFiles * 1024 + 10240;
      try {
        tar = gunzipSync(raw, { maxOutputLength: budget });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw new ArchiveError(
            `the archive expands beyond the ${lim.maxTotalBytes}-byte limit (a gzip bomb?)`,
            'archive/bomb',
          );
        }
        throw new ArchiveError(`corrupt gzip data (${(err as Error).message})`, 'archive/corrupt');
      }
      if (tar.length > lim.ratioFloorBytes && tar.length / Math.max(1, raw.length) > lim.maxRatio) {
        throw new ArchiveError(
          `the archive expands ${Math.round(tar.length / raw.length)} times (limit ${lim.maxRatio}): a compression bomb?`,
          'archive/bomb',
        );
      }
    }
    entries = tarEntries(tar, lim);
  }

  const tempDir = mkdtempSync(join(opts.parent ?? tmpdir(), 'wil-grade-'));
  const cleanup = (): void => rmSync(tempDir, { recursive: true, force: true });
  try {
    const refused: RefusedEntry[] = [];
    const written = new Map<string, Buffer>();
    const dirs = new Set<string>();
    let total = 0;
    let count = 0;
    const links: Array<{ name: string; target: string; kind: 'symlink' | 'hardlink' }> = [];

    const safeName = (raw: string): string | null => {
      if (raw.includes('\0')) return null;
      const fwd = raw.replace(/\\/g, '/');
      if (fwd.startsWith('/') || /^[A-Za-z]:/.test(fwd)) return null;
      return normalizePath(fwd);
    };
    const ensureDir = (rel: string): void => {
      if (rel === '' || dirs.has(rel)) return;
      const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      ensureDir(parent);
      if (written.has(rel)) throw new ArchiveError(`${rel} is both a file and a folder`, 'archive/corrupt');
      mkdirSync(join(tempDir, rel));
      dirs.add(rel);
    };
    const writeEntry = (rel: string, bytes: Buffer): void => {
      const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      ensureDir(parent);
      const abs = resolve(tempDir, rel);
      if (!abs.startsWith(tempDir + sep)) throw new ArchiveError(`internal: ${rel} resolves outside`, 'archive/escape');
      if (written.has(rel) || dirs.has(rel)) {
        refused.push({ entry: rel, reason: 'appears twice in the archive; the first copy was kept' });
        return;
      }
      total += bytes.length;
      if (total > lim.maxTotalBytes)
        throw new ArchiveError(`the archive holds more than ${lim.maxTotalBytes} bytes`, 'archive/too-large');
      try {
        writeFileSync(abs, bytes, { flag: 'wx', mode: 0o644 });
      } catch (err) {
        // Never the grader's temp path in a learner's row: the entry and the error code only.
        refused.push({
          entry: rel,
          reason: `could not be extracted (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        });
        total -= bytes.length;
        return;
      }
      written.set(rel, bytes);
    };

    for (const e of entries) {
      const rel = safeName(e.name);
      if (rel === null) {
        refused.push({
          entry: e.name,
          reason:
            e.name.replace(/\\/g, '/').startsWith('/') || /^[A-Za-z]:/.test(e.name)
              ? 'absolute path: it would be written outside the submission folder'
              : 'climbs out of the submission folder with ../',
        });
        continue;
      }
      if (rel === '' || isJunk(rel)) continue;
      // A name no file system stores (a component over 255 bytes) is one refused entry, not a failed archive
      // (it was an error row quoting the grader's temp path).
      if (rel.split('/').some((c) => Buffer.byteLength(c) > 255)) {
        refused.push({
          entry: rel.length > 120 ? `${rel.slice(0, 117)}...` : rel,
          reason: 'a name longer than 255 bytes, which no file system stores; not extracted',
        });
        continue;
      }
      if (rel.split('/').length > lim.maxDepth)
        throw new ArchiveError(`${rel} is nested more than ${lim.maxDepth} folders deep`, 'archive/too-deep');
      if (++count > lim.maxFiles)
        throw new ArchiveError(`the archive has more than ${lim.maxFiles} entries`, 'archive/too-many-files');
      switch (e.type) {
        case 'dir':
          ensureDir(rel);
          break;
        case 'other':
          refused.push({ entry: rel, reason: `${e.what}; only regular files and folders are extracted` });
          break;
        case 'symlink':
        case 'hardlink':
          links.push({ name: rel, target: e.target, kind: e.type });
          break;
        case 'file': {
          if (e.size > lim.maxTotalBytes)
            throw new ArchiveError(
              `${rel} is ${e.size} bytes, over the ${lim.maxTotalBytes}-byte limit`,
              'archive/too-large',
            );
          if (e.size > lim.ratioFloorBytes && e.size / Math.max(1, e.compressed) > lim.maxRatio) {
            throw new ArchiveError(
              `${rel} expands ${Math.round(e.size / Math.max(1, e.compressed))} times (limit ${lim.maxRatio}): a compression bomb?`,
              'archive/bomb',
            );
          }
          writeEntry(rel, e.data());
          break;
        }
      }
    }
    // Links last, so that a link to a file later in the archive still resolves; never created as links.
    for (const l of links) {
      const t = linkTarget(l.name, l.target, l.kind);
      const what = l.kind === 'symlink' ? 'symbolic link' : 'hard link';
      if (t === null || t === '') {
        refused.push({ entry: l.name, reason: `${what} to ${l.target}, outside the submission folder` });
        continue;
      }
      const bytes = written.get(t);
      if (!bytes) {
        refused.push({ entry: l.name, reason: `${what} to ${l.target}, which is not a file in the archive` });
        continue;
      }
      writeEntry(l.name, bytes);
    }
    // An archive that wraps everything in one folder (alice/<host>/...) is read from inside it.
    const top = new Set<string>();
    let filesAtTop = false;
    for (const p of [...written.keys(), ...dirs]) {
      const i = p.indexOf('/');
      if (i < 0 && written.has(p)) filesAtTop = true;
      top.add(i < 0 ? p : p.slice(0, i));
    }
    // ...unless that folder is itself a host folder (an answer with only one host's folder in it).
    const only = [...top][0];
    const wraps = !filesAtTop && top.size === 1 && dirs.has(only) && !(opts.isHostDir?.(only) ?? false);
    const root = wraps ? join(tempDir, only) : tempDir;
    return { tempDir, root, refused, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
