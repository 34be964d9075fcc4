/**
 * The firewall matrix's two helpers (a listener behind each firewall, a prober per source), run for real on
 * this machine's loopback, in both languages: Python where python3 is installed (what the matrix uses), and
 * the Node stand-ins. Each must say `open` for a listening port, `refused` for a closed one, and survive
 * a malformed target.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LISTENER_PY,
  LISTENER_SCRIPT,
  PROBER_PY,
  PROBER_SCRIPT,
  helperArgv,
} from '../../labs/node/live/firewall-matrix';

const dir = mkdtempSync(join(tmpdir(), 'wil-fw-helpers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const python = ['/usr/bin/python3', '/bin/python3'].find((p) => existsSync(p));
const langs = [
  { lang: 'node', listen: LISTENER_SCRIPT, probe: PROBER_SCRIPT, ext: 'js', argv: [process.execPath] },
  ...(python ? [{ lang: 'python', listen: LISTENER_PY, probe: PROBER_PY, ext: 'py', argv: [python, '-I', '-S'] }] : []),
];

/** A port nothing listens on (taken from the kernel, then released). */
function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

describe.each(langs)('firewall matrix helpers ($lang)', ({ lang, listen, probe, ext, argv }) => {
  it('the listener accepts on its ports (skipping one in use), and the prober tells open from refused', async () => {
    writeFileSync(join(dir, `listen-${lang}.${ext}`), listen);
    writeFileSync(join(dir, `probe-${lang}.${ext}`), probe);
    const [a, b, closed] = [await freePort(), await freePort(), await freePort()];
    // b is taken by another listener first: the helper skips it and still says READY
    const taken = createServer().listen(b, '0.0.0.0');
    await new Promise((ok) => taken.once('listening', ok));
    const l = spawn(argv[0], [...argv.slice(1), join(dir, `listen-${lang}.${ext}`), String(a), String(b)]);
    try {
      await new Promise<void>((ok, no) => {
        let out = '';
        l.stdout.on('data', (d) => (out += d) && /READY/.test(out) && ok());
        l.once('exit', (c) => no(new Error(`listener exited ${c}`)));
      });
      const r = spawnSync(
        argv[0],
        [
          ...argv.slice(1),
          join(dir, `probe-${lang}.${ext}`),
          '700',
          `127.0.0.1:${a}`,
          `127.0.0.1:${b}`,
          `127.0.0.1:${closed}`,
        ],
        { encoding: 'utf8', timeout: 10_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, string>;
      expect(out).toEqual({
        [`127.0.0.1:${a}`]: 'open',
        [`127.0.0.1:${b}`]: 'open',
        [`127.0.0.1:${closed}`]: 'refused',
      });
    } finally {
      l.kill('SIGKILL');
      taken.close();
    }
  });

  it('a prober with no target prints an empty result; a malformed one is an error row, not a crash', () => {
    writeFileSync(join(dir, `probe-${lang}.${ext}`), probe);
    const none = spawnSync(argv[0], [...argv.slice(1), join(dir, `probe-${lang}.${ext}`), '500'], { encoding: 'utf8' });
    expect(JSON.parse(none.stdout.trim().split('\n').pop()!)).toEqual({});
    if (lang === 'python') {
      const bad = spawnSync(argv[0], [...argv.slice(1), join(dir, `probe-${lang}.${ext}`), '500', 'nonsense:port'], {
        encoding: 'utf8',
      });
      expect(bad.status, bad.stderr).toBe(0);
      expect(JSON.parse(bad.stdout.trim().split('\n').pop()!)).toEqual({ 'nonsense:port': 'EINVAL' });
    }
  });
});

describe('the helper the matrix runs', () => {
  it.skipIf(!python)('is the Python one when python3 is installed', () => {
    const argv = helperArgv(dir, 'probe');
    expect(argv.slice(0, 3)).toEqual([python, '-I', '-S']);
    expect(existsSync(argv[3])).toBe(true);
  });
});
