/**
 * What the instructor hands `grade`, turned into a list of learners, and each learner's submission
 * turned into a folder on disk (archives extracted, repositories cloned) with its content hash.
 *
 * Inputs (each argument):
 * - a FOLDER that is itself one submission (it holds `answers.yaml` or `inventory.yaml`, or a host
 *   folder named after one of the lab's hosts): one learner, id = the folder's name;
 * - any other FOLDER is a class folder: each subfolder, `.zip`, `.tar`, `.tar.gz` or `.tgz` inside it
 *   is one learner (id = the entry's name without the archive extension); hidden entries are skipped;
 * - an ARCHIVE file: one learner, id = its name without the extension;
 * - any other FILE is a list of repositories, one a line: `URL` or `ID URL` (id defaults to the last
 *   path segment without `.git`); `#` starts a comment. Each is cloned with `git clone --depth 1`
 *   into a temp folder, with a timeout.
 * Learner ids keep letters, digits and `. _ - @ +`; anything else becomes `_`. Two inputs with the
 * same id are a usage error (exit 2).
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileTree } from '../../core/vfs';
import { loadSubmission } from '../fs';
import { UsageError } from '../io';
import {
  ArchiveError,
  archiveKind,
  archiveStem,
  extractArchive,
  type ArchiveLimits,
  type RefusedEntry,
} from './archive';

export type SubmissionSource =
  { kind: 'folder'; path: string } | { kind: 'archive'; path: string } | { kind: 'git'; url: string };

export interface LearnerInput {
  id: string;
  source: SubmissionSource;
}

/**
 * Is a folder name one of the lab's hosts (as the model places files: case, `_` and `-` aside)?
 * Without the lab's host names, no folder is taken for a host folder.
 */
export function hostFolderTest(hosts: ReadonlyArray<string> = []): (name: string) => boolean {
  const key = (n: string) => n.toLowerCase().replace(/[-_]/g, '');
  const names = new Set(hosts.map(key));
  return (name) => names.has(key(name));
}

/** True when a folder looks like one learner's answer rather than a folder of answers. */
export function looksLikeSubmission(dir: string, isHostDir: (name: string) => boolean = hostFolderTest()): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  if (names.includes('answers.yaml') || names.includes('answers.yml') || names.includes('inventory.yaml')) return true;
  return names.some((n) => isHostDir(n) && safeIsDir(join(dir, n)));
}

function safeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function sanitizeId(raw: string): string {
  let id = raw.trim().replace(/[^A-Za-z0-9._@+-]/g, '_');
  if (id.startsWith('.')) id = '_' + id.slice(1);
  return id === '' ? '_' : id;
}

function repoId(url: string): string {
  const trimmed = url.replace(/[/\\]+$/, '');
  const last = trimmed.split(/[/\\:]/).pop() ?? trimmed;
  return last.replace(/\.git$/i, '');
}

/** Parses a repository list file. */
export function parseRepoList(text: string): Array<{ id: string; url: string }> {
  const out: Array<{ id: string; url: string }> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    if (parts.length >= 2) out.push({ id: parts[0], url: parts[1] });
    else out.push({ id: repoId(parts[0]), url: parts[0] });
  }
  return out;
}

export function discoverLearners(
  inputs: string[],
  cwd: string,
  exclude: string[] = [],
  isHostDir: (name: string) => boolean = hostFolderTest(),
): LearnerInput[] {
  const skip = new Set(exclude.map((p) => resolve(cwd, p)));
  const found: Array<LearnerInput & { from: string }> = [];
  for (const arg of inputs) {
    const abs = resolve(cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(
        `${arg}: no such file or folder`,
        'Give folders of submissions, archives (.zip, .tar.gz) or a file listing repositories.',
      );
    }
    if (st.isDirectory()) {
      if (looksLikeSubmission(abs, isHostDir)) {
        found.push({ id: sanitizeId(basename(abs)), source: { kind: 'folder', path: abs }, from: arg });
        continue;
      }
      const before = found.length;
      for (const name of readdirSync(abs).sort()) {
        if (name.startsWith('.') || name === '__MACOSX') continue;
        const p = join(abs, name);
        // The output folder may sit inside the class folder: it is not a learner.
        if (skip.has(p)) continue;
        if (safeIsDir(p))
          found.push({ id: sanitizeId(name), source: { kind: 'folder', path: p }, from: join(arg, name) });
        else if (archiveKind(name))
          found.push({
            id: sanitizeId(archiveStem(name)),
            source: { kind: 'archive', path: p },
            from: join(arg, name),
          });
      }
      if (found.length === before) {
        throw new UsageError(
          `${arg}: no submissions found (no subfolders or archives, and not a submission itself)`,
          'A submission folder holds answers.yaml, inventory.yaml or a folder per host of the lab; a class folder holds one subfolder or archive per learner.',
        );
      }
    } else if (archiveKind(abs)) {
      found.push({ id: sanitizeId(archiveStem(basename(abs))), source: { kind: 'archive', path: abs }, from: arg });
    } else {
      const text = readFileSync(abs, 'utf8');
      for (const r of parseRepoList(text)) {
        // A relative local path in the list is relative to the list file's folder.
        const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(r.url) || /^[^/\\]+@[^:]+:/.test(r.url);
        const url = isUrl || isAbsolute(r.url) ? r.url : resolve(abs, '..', r.url);
        found.push({ id: sanitizeId(r.id), source: { kind: 'git', url }, from: `${arg}: ${r.url}` });
      }
    }
  }
  const byId = new Map<string, string[]>();
  for (const f of found) byId.set(f.id, [...(byId.get(f.id) ?? []), f.from]);
  const dups = [...byId.entries()].filter(([, v]) => v.length > 1);
  if (dups.length) {
    const [id, froms] = dups[0];
    throw new UsageError(
      `${dups.length} learner id(s) given twice, e.g. '${id}' from ${froms.join(' and ')}`,
      'Each learner needs one submission: rename one of them, or give them as separate runs.',
    );
  }
  return found.map(({ id, source }) => ({ id, source })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// -------------------------------------------------------------------------------------- preparation

export interface Prepared {
  /** The folder to check. */
  dir: string;
  /** sha256 of the file tree (paths and bytes, in sorted order). */
  hash: string;
  tree: FileTree;
  /** Refused archive entries and read problems: shown in feedback and the gradebook's note. */
  notes: string[];
  cleanup(): void;
}

export class PrepareError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** sha256 over the tree: `path NUL length NUL bytes` for each file in sorted order. */
export function hashTree(tree: FileTree): string {
  const h = createHash('sha256');
  for (const p of tree.list()) {
    const b = tree.read(p) as Uint8Array;
    h.update(p);
    h.update('\0' + b.length + '\0');
    h.update(b);
  }
  return h.digest('hex');
}

function gitClone(url: string, dest: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  // A local path becomes a file:// URL so that --depth applies (git ignores it for plain paths).
  const src = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/\\]+@[^:]+:/.test(url) ? url : pathToFileURL(url).href;
  return new Promise((res, rej) => {
    execFile(
      'git',
      [
        '-c',
        'core.hooksPath=/dev/null',
        '-c',
        'advice.detachedHead=false',
        'clone',
        '--depth',
        '1',
        '--quiet',
        '--no-tags',
        '--',
        src,
        dest,
      ],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        signal,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', GIT_LFS_SKIP_SMUDGE: '1' },
        maxBuffer: 1024 * 1024,
      },
      (err, _stdout, stderr) => {
        if (!err) return res();
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT')
          return rej(new PrepareError('git is not installed, so repositories cannot be cloned', 'git/missing'));
        if (e.killed)
          return rej(new PrepareError(`git clone timed out after ${Math.round(timeoutMs / 1000)} s`, 'git/timeout'));
        const msg = String(stderr).trim().split('\n').pop() ?? e.message;
        rej(new PrepareError(`git clone failed: ${msg.replace(dest, '<temp>')}`, 'git/failed'));
      },
    );
  });
}

/**
 * Makes a learner's submission readable: folders as they are, archives extracted with limits,
 * repositories cloned. Throws PrepareError (the learner becomes one `error` row).
 */
export async function prepare(
  learner: LearnerInput,
  opts: {
    tempParent?: string;
    cloneTimeoutMs: number;
    archiveLimits?: Partial<ArchiveLimits>;
    signal?: AbortSignal;
    isHostDir?: (name: string) => boolean;
  },
): Promise<Prepared> {
  let dir: string;
  let cleanup = (): void => undefined;
  const notes: string[] = [];
  const src = learner.source;
  if (src.kind === 'folder') {
    dir = src.path;
  } else if (src.kind === 'archive') {
    try {
      const x = extractArchive(src.path, {
        limits: opts.archiveLimits,
        parent: opts.tempParent,
        isHostDir: opts.isHostDir,
      });
      dir = x.root;
      cleanup = x.cleanup;
      notes.push(...x.refused.map((r: RefusedEntry) => `archive entry ${r.entry} was not extracted: ${r.reason}`));
    } catch (err) {
      if (err instanceof ArchiveError) throw new PrepareError(`${basename(src.path)}: ${err.message}`, err.code);
      throw new PrepareError(`${basename(src.path)} cannot be read: ${(err as Error).message}`, 'archive/unreadable');
    }
  } else {
    const tmp = mkdtempSync(join(opts.tempParent ?? tmpdir(), 'wil-clone-'));
    cleanup = () => rmSync(tmp, { recursive: true, force: true });
    try {
      await gitClone(src.url, join(tmp, 'repo'), opts.cloneTimeoutMs, opts.signal);
    } catch (err) {
      cleanup();
      if (err instanceof PrepareError) throw err;
      throw new PrepareError(`git clone failed: ${(err as Error).message}`, 'git/failed');
    }
    dir = join(tmp, 'repo');
  }
  try {
    if (!existsSync(dir)) throw new PrepareError('the submission folder does not exist', 'submission/missing');
    const loaded = await loadSubmission(dir);
    for (const d of loaded.diagnostics) if (d.severity === 'error') notes.push(d.message);
    return { dir, hash: hashTree(loaded.tree), tree: loaded.tree, notes, cleanup };
  } catch (err) {
    cleanup();
    if (err instanceof PrepareError) throw err;
    throw new PrepareError(`the submission cannot be read: ${(err as Error).message}`, 'submission/unreadable');
  }
}
