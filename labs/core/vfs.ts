/**
 * The submission as the core sees it: an in-memory tree of files keyed by submission-relative
 * POSIX paths. The core never touches a disk; the node adapter (labs/node/fs.ts) builds a tree
 * from a folder (refusing symlinks that leave it), and the browser builds one from a textarea.
 *
 * Because the core can only see this tree, nothing a learner writes (an `include /etc/shadow`,
 * a `!includedir ../..`) can make it read outside the submission.
 */

export interface FileTree {
  /** Every regular file, as submission-relative POSIX paths (`lb-01/haproxy.cfg`), sorted. */
  list(): string[];
  /** The bytes of a file, or undefined when it is not in the tree. */
  read(path: string): Uint8Array | undefined;
}

const encoder = new TextEncoder();

export class MemoryTree implements FileTree {
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, Uint8Array | string> | Map<string, Uint8Array | string> = {}) {
    const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
    for (const [p, content] of entries) {
      const n = normalizePath(p);
      if (n !== null && n !== '') this.files.set(n, typeof content === 'string' ? encoder.encode(content) : content);
    }
  }

  list(): string[] {
    return [...this.files.keys()].sort();
  }

  read(path: string): Uint8Array | undefined {
    const n = normalizePath(path);
    return n === null ? undefined : this.files.get(n);
  }

  set(path: string, content: Uint8Array | string): void {
    const n = normalizePath(path);
    if (n !== null && n !== '') this.files.set(n, typeof content === 'string' ? encoder.encode(content) : content);
  }
}

/** A view of a tree restricted to one folder (paths relative to that folder). */
export function subTree(tree: FileTree, dir: string): FileTree {
  const prefix = dir === '' ? '' : dir.replace(/\/+$/, '') + '/';
  return {
    list: () =>
      tree
        .list()
        .filter((p) => p.startsWith(prefix))
        .map((p) => p.slice(prefix.length)),
    read: (p) => {
      const n = normalizePath(p);
      return n === null ? undefined : tree.read(prefix + n);
    },
  };
}

/**
 * Normalises a relative POSIX path: removes `.` and empty segments and resolves `..`.
 * Returns null when the path climbs above the root or is absolute: such a path is outside the
 * submission by definition.
 */
/**
 * A file a provisioning script wrote is named `SCRIPT#/abs/path`: its `SCRIPT#` prefix, under which the script's
 * other files sit at their absolute paths (undefined for a file the learner wrote directly).
 */
export function scriptPrefix(file: string): string | undefined {
  const hash = file.indexOf('#/');
  return hash > 0 ? file.slice(0, hash + 1) : undefined;
}

export function normalizePath(p: string): string | null {
  if (p.startsWith('/')) return null;
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** Joins a folder and a relative path and normalises; null when the result leaves the root. */
export function joinPath(dir: string, rel: string): string | null {
  if (rel.startsWith('/')) return null;
  return normalizePath(dir === '' ? rel : `${dir}/${rel}`);
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? '' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Shell-style glob match on one path (as nginx `include` and MySQL `!includedir` use them):
 * `*` and `?` never match `/`; `[abc]`, `[a-z]`, `[!x]` are classes.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** Files of the tree matching a glob, sorted (as nginx and glob(3) return them). */
export function glob(tree: FileTree, pattern: string): string[] {
  const re = globToRegExp(pattern);
  return tree.list().filter((p) => re.test(p));
}

/**
 * Normalises an absolute POSIX path as a machine resolves it (the paths a provisioning script
 * writes, not submission paths): `.` and empty segments go, `..` climbs but never above `/`.
 */
export function normalizeAbsolutePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** The folder of an absolute path: `/etc/nginx` for `/etc/nginx/nginx.conf`, `/` for `/x`. */
export function absoluteDirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** The last name of a path with trailing slashes ignored, as basename(1) gives it: `b` for `a/b/`. */
export function lastSegment(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1);
}
