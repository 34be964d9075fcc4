/**
 * The honest oracle: run a snippet with the real bash (and the real GNU sed) in a temporary folder
 * that holds the Debian 12 stock files, then read back what it left behind.
 *
 * Safety: the snippet's `/etc/` paths are rewritten into the temporary folder, and the run is
 * refused if any `/etc/` path would remain outside it. `sudo` is a shell function that just runs
 * its command with a reset environment (sudo is not installed here, and must never be used by a test).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEBIAN12_STOCK, DEBIAN12_STOCK_LINKS } from '../../../labs/core/parsers/shell/index';

export interface BashResult {
  /** Regular files under /etc after the run, by absolute (unprefixed) path. */
  files: Map<string, string>;
  /** Symbolic links under /etc after the run: link path -> target (unprefixed). */
  links: Map<string, string>;
  status: number | null;
  stderr: string;
}

/*
 * Like sudo: the environment is reset (env_reset) unless -E; `sudo -s` with no command reads
 * commands from stdin with a shell, `sudo -s CMD...` runs them in one with -c, every character but
 * letters, digits, `_`, `-` and `$` escaped with a backslash (as sudo's parse_args does).
 */
const PRELUDE = [
  'sudo() { local keep= sh=; while [ $# -gt 0 ]; do case "$1" in -u|-g|-p|-C|-h|-D|-r|-t|-U|-T) shift 2;; -E|--preserve-env) keep=1; shift;; -s|--shell) sh=1; shift;; --) shift; break;; -*) shift;; *) break;; esac; done;',
  ' if [ -n "$sh" ]; then if [ $# -eq 0 ]; then set -- bash; else local c= a; for a in "$@"; do c="$c$(printf %s "$a" | sed "s/[^A-Za-z0-9_\\$-]/\\\\\\\\&/g") "; done; set -- bash -c "$c"; fi; fi;',
  ' if [ -n "$keep" ]; then "$@"; else env -i PATH="$PATH" LC_ALL="$LC_ALL" "$@"; fi; }\n',
].join('');

export function runBash(snippet: string): BashResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wil-shell-oracle-'));
  const root = fs.realpathSync(dir);
  try {
    for (const [p, s] of Object.entries(DEBIAN12_STOCK)) {
      fs.mkdirSync(path.join(root, path.dirname(p)), { recursive: true });
      fs.writeFileSync(path.join(root, p), s.text);
    }
    for (const [l, t] of Object.entries(DEBIAN12_STOCK_LINKS)) {
      fs.mkdirSync(path.join(root, path.dirname(l)), { recursive: true });
      fs.symlinkSync(root + t, path.join(root, l));
    }
    fs.mkdirSync(path.join(root, 'etc/test'), { recursive: true });
    const rewritten = snippet.split('/etc').join(root + '/etc');
    const marked = snippet.split('/etc').join('\0');
    if (/\0\\|\/\W*e\W*t\W*c/.test(marked))
      throw new Error('refusing to run: the snippet spells a path in a way the /etc rewrite cannot follow');
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', PRELUDE + rewritten], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: root,
      env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    const files = new Map<string, string>();
    const links = new Map<string, string>();
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        const abs = full.slice(root.length);
        if (e.isSymbolicLink())
          links.set(
            abs,
            fs
              .readlinkSync(full)
              .split(root + '/')
              .join('/'),
          );
        else if (e.isDirectory()) walk(full);
        else if (e.isFile())
          files.set(
            abs,
            fs
              .readFileSync(full, 'utf8')
              .split(root + '/etc/')
              .join('/etc/'),
          );
      }
    };
    walk(path.join(root, 'etc'));
    return { files, links, status: r.status, stderr: r.stderr ?? '' };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** What changed compared with the staged stock system: new or changed files, removed files, new links, removed links. */
export function changes(r: BashResult): {
  changed: Map<string, string>;
  removed: string[];
  links: Map<string, string>;
  removedLinks: string[];
} {
  const changed = new Map<string, string>();
  for (const [p, t] of r.files) if (DEBIAN12_STOCK[p]?.text !== t) changed.set(p, t);
  const removed = Object.keys(DEBIAN12_STOCK).filter((p) => !r.files.has(p));
  const links = new Map<string, string>();
  for (const [l, t] of r.links) if (DEBIAN12_STOCK_LINKS[l] !== t) links.set(l, t);
  const removedLinks = Object.keys(DEBIAN12_STOCK_LINKS).filter((l) => r.links.get(l) !== DEBIAN12_STOCK_LINKS[l]);
  return { changed, removed, links, removedLinks };
}
