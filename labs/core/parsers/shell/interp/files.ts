/**
 * The virtual file table: every path the script writes, links or removes, with its content as lines
 * that remember the script line they came from, over the stock files of a fresh system. Writes are
 * checked for marks (text only known at run time) and noted when they sit inside control flow.
 */
import type { LineCounter, Span } from '../../../source';
import { absoluteDirname, normalizeAbsolutePath } from '../../../vfs';
import type { ReconstructedFile, ShellLink } from '../ast';
import {
  appendPieces,
  cloneContent,
  contentFromText,
  contentText,
  emptyContent,
  piecesText,
  type Content,
} from '../content';
import { DEBIAN12_STOCK, DEBIAN12_STOCK_LINKS } from '../stock/debian12.generated';
import { OTHER_STOCK } from '../stock/other';
import type { StockFile } from '../stock/types';
import { ShellState, type Base, type MPiece, type ReconstructOptions } from './state';

export interface FileRec {
  target: string;
  content: Content;
  exact: boolean;
  unknownContent: boolean;
  steps: Array<{ op: string; span: Span }>;
  order: number;
  exists: boolean;
}

/** Debian 12's stock files, and another distribution's at paths Debian does not have (../stock/other.ts). */
const DEFAULT_STOCK: Record<string, StockFile> = { ...DEBIAN12_STOCK, ...OTHER_STOCK };

export abstract class FileTable extends ShellState {
  readonly files = new Map<string, FileRec>();
  readonly links = new Map<string, { target: string; span?: Span; stock: boolean }>();
  /** Links the script made, by link path, in creation order. */
  readonly linkList = new Map<string, ShellLink>();
  readonly removed: Array<{ path: string; span: Span }> = [];
  readonly dirs = new Set<string>();
  readonly stock: Record<string, StockFile>;
  readonly stockRemoved = new Set<string>();
  /** Targets whose real name is only known at run time (kept under the name as written). */
  readonly inexactTargets = new Set<string>();
  private order = 0;

  constructor(file: string, text: string, opts: ReconstructOptions, lc: LineCounter) {
    super(file, text, lc, opts.cwd);
    this.stock = opts.stock ?? DEFAULT_STOCK;
    for (const [l, t] of Object.entries(opts.stockLinks ?? (opts.stock ? {} : DEBIAN12_STOCK_LINKS)))
      this.links.set(l, { target: t, stock: true });
    for (const p of Object.keys(this.stock)) {
      for (let d = absoluteDirname(p); d !== '/'; d = absoluteDirname(d)) this.dirs.add(d);
    }
    for (const l of this.links.keys()) this.dirs.add(absoluteDirname(l));
  }

  resolvePath(raw: string, off: number, end: number, what: string, pieces?: MPiece[]): string | undefined {
    const marks = pieces?.filter((p) => p.mark) ?? [];
    const unknown = marks.find((m) => m.mark!.kind === 'unknown');
    if (unknown) {
      // kept under the name as written (the unknown parts stay as `$VAR` / `$(cmd)`), marked inexact
      const named = pieces ? piecesText(pieces) : raw;
      this.diag(
        'shell/cannot-reconstruct',
        'warning',
        `cannot tell which file ${what} \`${raw}\`: ${unknown.mark!.reason}; the reconstruction keeps it under the name as written, \`${named}\``,
        this.span(off, end),
      );
      this.inexactTargets.add(named);
      return named;
    }
    let unsetInPath = false;
    for (const m of marks) {
      if (m.mark!.kind === 'unset') {
        unsetInPath = true;
        this.diag(
          'shell/cannot-reconstruct',
          'warning',
          `cannot tell which file ${what} \`${raw}\`: it uses \`$${m.mark!.name}\`, which the script never sets; with ${m.mark!.name} unset bash uses \`${pieces ? piecesText(pieces) : raw}\` (kept under that name), but it may come from the environment the script runs in`,
          m.mark!.span,
          `Set ${m.mark!.name} in the script before this line.`,
        );
      }
    }
    let p = pieces ? piecesText(pieces) : raw;
    if (p === '') {
      this.diag('shell/cannot-reconstruct', 'warning', `${what} an empty file name`, this.span(off, end));
      return undefined;
    }
    if (unsetInPath)
      this.inexactTargets.add(
        p.startsWith('/')
          ? normalizeAbsolutePath(p)
          : this.cwd !== undefined
            ? normalizeAbsolutePath(this.cwd + '/' + p)
            : p.replace(/^\.\//, ''),
      );
    if (!p.startsWith('/')) {
      if (this.cwd === undefined) {
        this.diag(
          'shell/relative-target',
          'warning',
          `\`${p}\` is a relative path: where it lands depends on the directory the script runs in; it is kept as \`${p}\``,
          this.span(off, end),
          'Use an absolute path such as /etc/haproxy/haproxy.cfg, or `cd` to an absolute directory first.',
        );
        return p.replace(/^\.\//, '');
      }
      p = this.cwd + '/' + p;
    }
    return normalizeAbsolutePath(p);
  }

  /** Follows symbolic links (script-made and stock) to the real path. */
  follow(p: string): string {
    for (let k = 0; k < 10; k++) {
      const l = this.links.get(p);
      if (!l) {
        // a link on a parent directory? (rare) -- not followed
        return p;
      }
      p = l.target.startsWith('/')
        ? normalizeAbsolutePath(l.target)
        : normalizeAbsolutePath(absoluteDirname(p) + '/' + l.target);
    }
    return p;
  }

  /** The current content of a path: a file the script wrote, else the stock file; undefined if unknown. */
  read(path: string): { content: Content; known: boolean; exact: boolean } | undefined {
    if (path === '/dev/null') return { content: emptyContent(), known: true, exact: true };
    const p = this.follow(path);
    const f = this.files.get(p);
    if (f && f.exists) return { content: f.content, known: !f.unknownContent, exact: f.exact };
    if (f && !f.exists) return undefined;
    const s = this.stock[p];
    if (s && !this.stockRemoved.has(p)) return { content: contentFromText(s.text, s.origin), known: true, exact: true };
    return undefined;
  }

  isDir(p: string): boolean {
    if (this.dirs.has(p)) return true;
    for (const k of this.files.keys()) if (k.startsWith(p + '/')) return true;
    return false;
  }

  ctrlNote(target: string, off: number): void {
    if (!this.ctrl.length) return;
    const c = this.ctrl[this.ctrl.length - 1];
    this.diag(
      'shell/unsupported-construct',
      c.loop ? 'warning' : 'info',
      `this write to ${target} sits inside ${c.what} (line ${c.line}); the reconstruction does not run control flow and assumes it runs once`,
      this.span(off),
      c.loop ? 'If the loop runs several times, an appending write repeats its text each time.' : undefined,
    );
  }

  record(path: string): FileRec {
    let f = this.files.get(path);
    if (!f) {
      f = {
        target: path,
        content: emptyContent(),
        exact: true,
        unknownContent: false,
        steps: [],
        order: this.order++,
        exists: true,
      };
      this.files.set(path, f);
    }
    return f;
  }

  /** Reports the markers carried by pieces written into a file, and says whether all of it is known. */
  checkMarks(pieces: MPiece[], target: string): boolean {
    let exact = true;
    for (const p of pieces) {
      const m = p.mark;
      if (!m) continue;
      if (m.kind === 'unset') {
        if (this.diags.length >= 500) continue; // no room for more messages: do not build them
        this.diag(
          'shell/unexpanded-variable',
          'warning',
          `${m.reason}; the line written to ${target} has nothing where \`$${m.name}\` stands`,
          m.span,
          m.ctx === 'heredoc'
            ? `If \`$${m.name}\` is meant literally (an Nginx or HAProxy variable), quote the delimiter (<<'EOF') or escape it (\\$${m.name}).`
            : m.ctx === 'dq'
              ? `If \`$${m.name}\` is meant literally, use single quotes or escape it (\\$${m.name}).`
              : `Set ${m.name} before this line, or quote it ('$${m.name}') if it is meant literally.`,
        );
      } else if (m.kind === 'host') {
        if (this.diags.length >= 500) continue;
        this.diag('shell/host-name', 'info', `${m.reason} in ${target}`, m.span);
      } else {
        exact = false;
        this.diag(
          'shell/cannot-reconstruct',
          'warning',
          `cannot reconstruct what this writes to ${target}: ${m.reason}; the text is kept as written`,
          m.span,
        );
      }
    }
    return exact;
  }

  /** Writes (truncates) or appends pieces to a target. */
  write(target: string, pieces: MPiece[], mode: 'trunc' | 'append', op: string, off: number, end: number): void {
    if (this.stopped) return;
    if (target === '/dev/null' || target === '/dev/stdout' || target === '/dev/stderr' || target === '/dev/tty') return;
    const real = this.follow(target);
    this.ctrlNote(real, off);
    const exact = this.checkMarks(pieces, real);
    let f = this.files.get(real);
    const span = this.span(off, end);
    if (mode === 'append' && (!f || !f.exists)) {
      const base = this.read(real);
      f = this.record(real);
      f.exists = true;
      if (base) {
        f.content = cloneContent(base.content);
        if (!this.files.has(real) || f.steps.length === 0) f.steps.push({ op: 'stock', span });
      } else if (op !== 'touch') {
        this.diag(
          'shell/assumed-new-file',
          'info',
          `this appends to ${real}, which the script did not create and which is not a known stock file; the reconstruction assumes it did not exist before`,
          span,
        );
      }
    }
    f = this.record(real);
    if (!f.exists) {
      f.exists = true;
      f.content = emptyContent();
      f.unknownContent = false;
    }
    if (mode === 'trunc') {
      f.content = emptyContent();
      f.unknownContent = false;
      f.exact = true;
    }
    appendPieces(f.content, pieces, this.file);
    if (!exact) f.exact = false;
    f.steps.push({ op, span });
  }

  writeUnknown(target: string, reason: string, op: string, off: number, end: number): void {
    const real = this.follow(target);
    this.ctrlNote(real, off);
    const f = this.record(real);
    f.exists = true;
    f.content = emptyContent();
    f.unknownContent = true;
    f.exact = false;
    f.steps.push({ op, span: this.span(off, end) });
    this.diag('shell/cannot-reconstruct', 'warning', `cannot reconstruct ${real}: ${reason}`, this.span(off, end));
  }

  setContent(target: string, c: Content, exact: boolean, op: string, off: number, end: number): void {
    const f = this.record(target);
    f.exists = true;
    f.content = c;
    f.unknownContent = false;
    f.exact = exact;
    f.steps.push({ op, span: this.span(off, end) });
  }

  remove(path: string, off: number, end: number): boolean {
    let did = false;
    if (this.links.has(path)) {
      const l = this.links.get(path)!;
      this.links.delete(path);
      did = true;
      if (!l.stock) {
        this.linkList.delete(path);
      }
    }
    const f = this.files.get(path);
    if (f && f.exists) {
      f.exists = false;
      did = true;
    }
    if (this.stock[path] && !this.stockRemoved.has(path)) {
      this.stockRemoved.add(path);
      did = true;
    }
    if (did) this.removed.push({ path, span: this.span(off, end) });
    return did;
  }

  addLink(path: string, target: string, node: Base): void {
    this.links.set(path, { target, span: this.span(node.off, node.end), stock: false });
    this.linkList.delete(path);
    const resolved = target.startsWith('/')
      ? normalizeAbsolutePath(target)
      : normalizeAbsolutePath(absoluteDirname(path) + '/' + target);
    this.linkList.set(path, { path, target, resolved, span: this.span(node.off, node.end) });
    this.dirs.add(absoluteDirname(path));
  }

  markInexact(p: string, op: string, node: Base): void {
    const real = this.follow(p);
    const f = this.files.get(real);
    if (f && f.exists) {
      f.exact = false;
      f.steps.push({ op, span: this.span(node.off, node.end) });
      return;
    }
    // a stock file the script edits in a way that is not modelled: listed, unchanged, inexact
    const cur = this.read(real);
    if (cur) {
      const rec = this.record(real);
      rec.steps.push({ op: 'stock', span: this.span(node.off, node.end) });
      this.setContent(real, cloneContent(cur.content), false, op, node.off, node.end);
    }
  }

  results(): ReconstructedFile[] {
    const out: ReconstructedFile[] = [];
    const recs = [...this.files.values()].filter((f) => f.exists).sort((a, b) => a.order - b.order);
    for (const f of recs) {
      const text = contentText(f.content);
      out.push({
        path: `${this.file}#${f.target}`,
        target: f.target,
        text,
        origin: f.content.lines.map((l) => l.origin),
        steps: f.steps,
        exact: f.exact && !f.unknownContent && !this.inexactTargets.has(f.target),
      });
    }
    return out;
  }
}
