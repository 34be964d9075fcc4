/** `cp`, `mv`, `install`: copies (and moves) of files the script wrote or stock files. */
import { hasGlob, lastSegment, normalizeAbsolutePath } from '../../../vfs';
import { cloneContent, piecesText } from '../content';
import type { Base, MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';
import { splitOpts } from './options';

/** `cp SRC... DEST`, `mv SRC... DEST`, `install [-m MODE] SRC DEST`, `install -d DIR...` */
export function copy(it: Interp, c: Call): CommandResult {
  copyFiles(it, c.name, c.argvP, c.node);
  return { out: [], name: c.name };
}

function copyFiles(it: Interp, name: string, argvP: MPiece[][], node: Base): void {
  const { ops, targetDir, opts } = splitOpts(argvP, [
    '-m',
    '-o',
    '-g',
    '-S',
    '--suffix',
    '--mode',
    '--owner',
    '--group',
  ]);
  const argv = argvP.map(piecesText);
  if (name === 'install' && opts.some((o) => o === '-d' || o === '--directory')) {
    for (const k of ops) {
      const p = it.resolvePath(argv[k], node.off, node.end, 'install -d', argvP[k]);
      if (p) it.dirs.add(p);
    }
    return;
  }
  let srcs = ops;
  let destRaw: { text: string; k: number } | undefined;
  if (targetDir !== undefined) destRaw = { text: targetDir, k: -1 };
  else {
    if (ops.length < 2) return;
    const last = ops[ops.length - 1];
    destRaw = { text: argv[last], k: last };
    srcs = ops.slice(0, -1);
  }
  const dest = it.resolvePath(
    destRaw.text,
    node.off,
    node.end,
    `${name} writes`,
    destRaw.k >= 0 ? argvP[destRaw.k] : undefined,
  );
  if (!dest) return;
  const destIsDir = destRaw.text.endsWith('/') || srcs.length > 1 || it.isDir(dest);
  for (const k of srcs) {
    if (hasGlob(argv[k])) {
      it.diag(
        'shell/cannot-reconstruct',
        'warning',
        `\`${name} ${argv[k]}\` copies files whose names are only known when the script runs`,
        it.span(node.off, node.end),
      );
      continue;
    }
    const src = it.resolvePath(argv[k], node.off, node.end, `${name} reads`, argvP[k]);
    if (!src) continue;
    const to = destIsDir
      ? normalizeAbsolutePath((dest.startsWith('/') ? dest : '/' + dest) + '/' + lastSegment(src)).slice(
          dest.startsWith('/') ? 0 : 1,
        )
      : dest;
    if (name === 'mv' && it.links.has(src)) {
      const l = it.links.get(src)!;
      it.remove(src, node.off, node.end);
      it.addLink(to, l.target, node);
      continue;
    }
    const c = it.read(src);
    const op = name === 'install' ? 'cp' : name;
    it.ctrlNote(to, node.off);
    if (!c) {
      it.writeUnknown(
        to,
        `\`${name} ${argv[k]}\` copies a file the script did not write and whose content is not known`,
        op,
        node.off,
        node.end,
      );
    } else {
      const wasStock = !it.files.get(it.follow(src))?.exists && !!it.stock[it.follow(src)];
      const content = cloneContent(c.content);
      const target = it.follow(to);
      const rec = it.record(target);
      if (wasStock) rec.steps.push({ op: 'stock', span: it.span(node.off, node.end) });
      it.setContent(target, content, c.exact && c.known, op, node.off, node.end);
      if (!c.known) it.files.get(target)!.unknownContent = true;
    }
    if (name === 'mv') it.remove(src, node.off, node.end);
  }
}
