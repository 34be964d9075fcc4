import { hostFolderTest } from '../../labs/node/grade/inputs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError, extractArchive } from '../../labs/node/grade/archive';
import { makeTar, makeTgz, makeZip, type ArcEntry } from './helpers';

let work: string;
let parent: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'grade-arc-'));
  parent = join(work, 'extract');
  require('node:fs').mkdirSync(parent);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(name: string, buf: Buffer): string {
  const p = join(work, name);
  writeFileSync(p, buf);
  return p;
}

/** Every file anywhere under `work` except the archives themselves and the extraction parent. */
function strayFiles(): string[] {
  return readdirSync(work).filter((n) => n !== 'extract' && !/\.(zip|tar|tgz|gz)$/.test(n));
}

const good: ArcEntry[] = [
  { name: 'alice/lb-01/haproxy.cfg', data: 'frontend www\n    bind *:80\n' },
  { name: 'alice/web-01/', type: 'dir' },
  { name: 'alice/web-01/default', data: 'server { listen 80; }\n', method: 0 },
  { name: 'alice/answers.yaml', data: 'lab: distributed-web\n' },
  { name: '__MACOSX/alice/._answers.yaml', data: 'junk' },
];

describe.each([
  ['zip', makeZip, 'a.zip'],
  ['tar', makeTar, 'a.tar'],
  ['tar.gz', makeTgz, 'a.tar.gz'],
] as const)('%s reader', (_kind, make, file) => {
  it('extracts files and folders, strips the single wrapping folder and skips junk', () => {
    const x = extractArchive(write(file, make(good)), { parent });
    try {
      expect(x.refused).toEqual([]);
      expect(x.root).toBe(join(x.tempDir, 'alice'));
      expect(readFileSync(join(x.root, 'lb-01/haproxy.cfg'), 'utf8')).toBe('frontend www\n    bind *:80\n');
      expect(readFileSync(join(x.root, 'web-01/default'), 'utf8')).toBe('server { listen 80; }\n');
      expect(existsSync(join(x.tempDir, '__MACOSX'))).toBe(false);
    } finally {
      x.cleanup();
    }
    expect(existsSync(x.tempDir)).toBe(false);
  });

  it('refuses ../, absolute paths and links that leave the folder, and reports each; writes nothing elsewhere', () => {
    const evil: ArcEntry[] = [
      { name: 'ok.cfg', data: 'fine\n' },
      { name: '../escaped.txt', data: 'pwned' },
      { name: 'a/../../escaped2.txt', data: 'pwned' },
      { name: '/tmp/abs-escape.txt', data: 'pwned' },
      { name: 'link-out', type: 'symlink', target: '../../../../etc/passwd' },
      { name: 'link-abs', type: 'symlink', target: '/etc/passwd' },
      { name: 'link-in', type: 'symlink', target: 'ok.cfg' },
      ...(make === makeZip
        ? []
        : [
            { name: 'hard-out', type: 'hardlink' as const, target: '../outside' },
            { name: 'fifo', type: 'fifo' as const },
          ]),
    ];
    const x = extractArchive(write(file, make(evil)), { parent });
    try {
      const refused = Object.fromEntries(x.refused.map((r) => [r.entry, r.reason]));
      expect(refused['../escaped.txt']).toMatch(/climbs out/);
      expect(refused['a/../../escaped2.txt']).toMatch(/climbs out/);
      expect(refused['/tmp/abs-escape.txt']).toMatch(/absolute/);
      expect(refused['link-out']).toMatch(/symbolic link.*outside/);
      expect(refused['link-abs']).toMatch(/symbolic link.*outside/);
      if (make !== makeZip) {
        expect(refused['hard-out']).toMatch(/hard link.*outside/);
        expect(refused['fifo']).toMatch(/FIFO/);
      }
      // A link inside the folder becomes a plain copy (never a link on disk).
      expect(readFileSync(join(x.root, 'link-in'), 'utf8')).toBe('fine\n');
      expect(require('node:fs').lstatSync(join(x.root, 'link-in')).isSymbolicLink()).toBe(false);
      expect(readdirSync(x.root).sort()).toEqual(['link-in', 'ok.cfg']);
      expect(existsSync(join(parent, 'escaped.txt'))).toBe(false);
      expect(existsSync('/tmp/abs-escape.txt')).toBe(false);
      expect(strayFiles()).toEqual([]);
    } finally {
      x.cleanup();
    }
  });

  it('refuses too many files and too deep nesting as a whole (and leaves no temp folder)', () => {
    const many: ArcEntry[] = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    expect(() => extractArchive(write(file, make(many)), { parent, limits: { maxFiles: 20 } })).toThrow(/entries/);
    const deep: ArcEntry[] = [{ name: Array.from({ length: 20 }, (_, i) => `d${i}`).join('/') + '/f.txt', data: 'x' }];
    try {
      extractArchive(write(file, make(deep)), { parent, limits: { maxDepth: 16 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ArchiveError);
      expect((err as ArchiveError).code).toBe('archive/too-deep');
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a compression bomb by ratio and by total size', () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const arc = write(file, make([{ name: 'bomb.txt', data: zeros }]));
    if (make === makeTar) {
      // A plain tar does not compress: no ratio to check, only the size limits apply.
      const x = extractArchive(arc, { parent, limits: { maxRatio: 100 } });
      x.cleanup();
    } else {
      let caught: unknown;
      try {
        extractArchive(arc, { parent, limits: { maxRatio: 100 } }).cleanup();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ArchiveError);
      expect((caught as ArchiveError).code).toBe('archive/bomb');
      expect((caught as Error).message).toMatch(/bomb/);
    }
    expect(() =>
      extractArchive(write(file, make([{ name: 'big.txt', data: Buffer.alloc(300 * 1024, 'a') }])), {
        parent,
        limits: { maxTotalBytes: 200 * 1024, maxRatio: 1e9 },
      }),
    ).toThrow(/limit|more than/);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('corrupt archives', () => {
  it('a truncated zip, a bad gzip stream and a tar with a bad checksum are ArchiveErrors, not crashes', () => {
    const z = makeZip(good);
    expect(() => extractArchive(write('t.zip', z.subarray(0, z.length - 30)), { parent })).toThrow(ArchiveError);
    expect(() => extractArchive(write('t.tgz', Buffer.from('not gzip at all')), { parent })).toThrow(ArchiveError);
    const t = makeTar(good);
    t[0] ^= 0xff;
    expect(() => extractArchive(write('t.tar', t), { parent })).toThrow(/checksum/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a zip entry whose data does not match its CRC is refused', () => {
    const z = makeZip([{ name: 'a.txt', data: 'hello world', method: 0 }]);
    const at = z.indexOf('hello world');
    z[at] = 'H'.charCodeAt(0);
    expect(() => extractArchive(write('crc.zip', z), { parent })).toThrow(/CRC/);
  });

  it('a zip entry that inflates past its declared size is stopped at that size (a lying header)', () => {
    const z = makeZip([{ name: 'liar.txt', data: Buffer.alloc(2 * 1024 * 1024) }]);
    // Declare 10 bytes in the central directory (offset 24 of the entry) and in the local header.
    const cd = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    z.writeUInt32LE(10, cd + 24);
    z.writeUInt32LE(10, 22);
    let caught: unknown;
    try {
      extractArchive(write('liar.zip', z), { parent }).cleanup();
    } catch (err) {
      caught = err;
    }
    expect((caught as ArchiveError).code).toBe('archive/bomb');
    expect(readdirSync(parent)).toEqual([]);
  });

  it("does not unwrap a lone host folder (an answer with only lb-01/), a host of the lab's; another lone folder is unwrapped", () => {
    const isHostDir = hostFolderTest(['lb-01', 'web-01']);
    const x = extractArchive(write('host.zip', makeZip([{ name: 'lb-01/haproxy.cfg', data: 'x\n' }])), {
      parent,
      isHostDir,
    });
    try {
      expect(x.root).toBe(x.tempDir);
    } finally {
      x.cleanup();
    }
    const y = extractArchive(write('wrapped.zip', makeZip([{ name: 'alice/lb-01/haproxy.cfg', data: 'x\n' }])), {
      parent,
      isHostDir,
    });
    try {
      expect(y.root).toBe(join(y.tempDir, 'alice'));
    } finally {
      y.cleanup();
    }
  });

  it('reads long pax paths in tar', () => {
    const long = 'a'.repeat(60) + '/' + 'b'.repeat(60) + '/file.cfg';
    const x = extractArchive(
      write(
        'long.tar',
        makeTar([
          { name: long, data: 'deep\n' },
          { name: 'top.txt', data: 'x' },
        ]),
      ),
      { parent },
    );
    try {
      expect(readFileSync(join(x.root, long), 'utf8')).toBe('deep\n');
    } finally {
      x.cleanup();
    }
  });
});

describe('hostile names (issue 12, item 10)', () => {
  it('an entry whose name has a 300-character component is one refused entry; the rest is extracted; no temp path shown', () => {
    const long = `alice/web-01/${'x'.repeat(300)}.conf`;
    const x = extractArchive(
      write(
        'longname.tar',
        makeTar([
          { name: long, data: 'server {}\n' },
          { name: 'alice/lb-01/haproxy.cfg', data: 'global\n' },
        ]),
      ),
      { parent },
    );
    try {
      expect(readFileSync(join(x.root, 'lb-01/haproxy.cfg'), 'utf8')).toBe('global\n');
      expect(x.refused.map((r) => r.reason)).toEqual([
        'a name longer than 255 bytes, which no file system stores; not extracted',
      ]);
      expect(JSON.stringify(x.refused)).not.toContain(parent);
    } finally {
      x.cleanup();
    }
  });
});

describe('archive readers never crash', () => {
  it('random corruption of valid archives gives an extraction or an ArchiveError, never another error, and no leftovers', async () => {
    const fc = await import('fast-check');
    const bases: Array<[string, Buffer]> = [
      ['f.zip', makeZip(good)],
      ['f.tar', makeTar(good)],
      ['f.tgz', makeTgz(good)],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (which, flips, cut) => {
          const [name, base] = bases[which];
          const buf = Buffer.from(base);
          for (const [at, v] of flips) buf[at % buf.length] = v;
          const data = cut % 5 === 0 ? buf.subarray(0, cut % buf.length) : buf;
          try {
            extractArchive(write(name, data), { parent }).cleanup();
          } catch (err) {
            if (!(err instanceof ArchiveError)) throw err;
          }
          return readdirSync(parent).length === 0;
        },
      ),
      { numRuns: 300 },
    );
  });
});
