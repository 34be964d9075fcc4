/** `ln -s`: symbolic links (a hard link is recorded as a copy). */
import { lastSegment, normalizeAbsolutePath } from '../../../vfs';
import { cloneContent, piecesText } from '../content';
import type { Base, MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';
import { splitOpts } from './options';

/** `ln [-sfnT] TARGET... [LINK|DIR]` */
export function ln(it: Interp, c: Call): CommandResult {
  link(it, c.argvP, c.node);
  return { out: [], name: c.name };
}

function link(it: Interp, argvP: MPiece[][], node: Base): void {
  const { opts, ops, targetDir } = splitOpts(argvP, ['-S', '--suffix']);
  const argv = argvP.map(piecesText);
  const symbolic = opts.some((o) => o === '--symbolic' || (/^-[a-zA-Z]+$/.test(o) && o.includes('s')));
  if (!symbolic) {
    it.diag(
      'shell/cannot-reconstruct',
      'info',
      'a hard link (ln without -s) is recorded as a copy',
      it.span(node.off, node.end),
    );
  }
  let srcs = ops;
  let destText: string | undefined = targetDir;
  let destK = -1;
  if (!ops.length) {
    it.diag(
      'shell/syntax',
      'warning',
      'ln: missing file operand (ln prints an error and does nothing)',
      it.span(node.off, node.end),
    );
    return;
  }
  if (destText === undefined) {
    if (ops.length === 1) {
      destText = '.';
    } else {
      destK = ops[ops.length - 1];
      destText = argv[destK];
      srcs = ops.slice(0, -1);
    }
  }
  if (destText === '.' && it.cwd === undefined) {
    it.diag(
      'shell/relative-target',
      'warning',
      '`ln` without a destination links into the current directory, which is not known',
      it.span(node.off, node.end),
    );
    return;
  }
  const dest = it.resolvePath(destText, node.off, node.end, 'ln creates', destK >= 0 ? argvP[destK] : undefined);
  if (!dest) return;
  const noDeref = opts.some(
    (o) =>
      o === '-n' ||
      o === '-T' ||
      o === '--no-dereference' ||
      o === '--no-target-directory' ||
      (/^-[a-zA-Z]+$/.test(o) && (o.includes('n') || o.includes('T'))),
  );
  const destIsDir = destText.endsWith('/') || srcs.length > 1 || (!noDeref && it.isDir(dest) && !it.read(dest));
  for (const k of srcs) {
    const srcText = argv[k];
    if (argvP[k].some((x) => x.mark?.kind === 'unknown')) {
      it.resolvePath(srcText, node.off, node.end, 'ln links to', argvP[k]);
      continue;
    }
    const linkPath = destIsDir ? normalizeAbsolutePath(dest + '/' + lastSegment(srcText)) : dest;
    it.ctrlNote(linkPath, node.off);
    if (!symbolic) {
      const src = it.resolvePath(srcText, node.off, node.end, 'ln links to', argvP[k]);
      const c = src ? it.read(src) : undefined;
      if (c) it.setContent(linkPath, cloneContent(c.content), c.exact && c.known, 'ln', node.off, node.end);
      continue;
    }
    const exists =
      it.links.has(linkPath) ||
      (it.files.get(linkPath)?.exists ?? false) ||
      (!!it.stock[linkPath] && !it.stockRemoved.has(linkPath));
    const force = opts.some((o) => o === '--force' || (/^-[a-zA-Z]+$/.test(o) && o.includes('f')));
    if (exists && !force) {
      it.diag(
        'shell/ln-exists',
        'warning',
        `ln: ${linkPath} already exists, so \`ln -s\` fails and leaves it unchanged`,
        it.span(node.off, node.end),
        'Use ln -sf to replace an existing link, or rm it first.',
      );
      continue;
    }
    if (exists) it.remove(linkPath, node.off, node.end);
    it.addLink(linkPath, srcText, node);
    if (srcText.startsWith('/') === false && !srcText.startsWith('.')) {
      // relative link targets are resolved against the link's directory, as the kernel does
    }
  }
}
