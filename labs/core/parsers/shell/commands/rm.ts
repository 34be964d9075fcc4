/** `rm`, `unlink`: removed files and links (patterns against what the table knows; `-r` takes what is under a folder). */
import { globToRegExp, hasGlob, normalizeAbsolutePath } from '../../../vfs';
import { piecesText } from '../content';
import type { Base, MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';
import { splitOpts } from './options';

/** `rm [-rf] PATH...`, `unlink PATH` */
export function rm(it: Interp, c: Call): CommandResult {
  remove(it, c.argvP, c.node);
  return { out: [], name: c.name };
}

function remove(it: Interp, argvP: MPiece[][], node: Base): void {
  const { ops } = splitOpts(argvP);
  for (const k of ops) {
    const a = piecesText(argvP[k]);
    if (argvP[k].some((x) => x.mark?.kind === 'unknown')) {
      it.resolvePath(a, node.off, node.end, 'rm removes', argvP[k]);
      continue;
    }
    // a `*`, `?` or `[` in the name is taken as a pattern (quoted glob characters in rm are rare)
    if (hasGlob(a)) {
      const abs = a.startsWith('/') ? a : it.cwd !== undefined ? it.cwd + '/' + a : undefined;
      if (abs === undefined) {
        it.diag(
          'shell/relative-target',
          'warning',
          `\`rm ${a}\`: the directory is not known`,
          it.span(node.off, node.end),
        );
        continue;
      }
      let re: RegExp;
      try {
        re = globToRegExp(normalizeAbsolutePath(abs));
      } catch {
        continue;
      }
      const cands = new Set<string>([
        ...[...it.files.values()].filter((f) => f.exists).map((f) => f.target),
        ...it.links.keys(),
        ...Object.keys(it.stock).filter((p) => !it.stockRemoved.has(p)),
      ]);
      for (const c of cands) if (re.test(c)) it.remove(c, node.off, node.end);
      continue;
    }
    const p = it.resolvePath(a, node.off, node.end, 'rm removes', argvP[k]);
    if (!p) continue;
    if (!it.remove(p, node.off, node.end)) {
      // removing a file the script never knew about: recorded all the same
      it.removed.push({ path: p, span: it.span(node.off, node.end) });
    }
    // rm -r of a directory removes what is under it
    for (const f of it.files.values())
      if (f.exists && f.target.startsWith(p + '/')) it.remove(f.target, node.off, node.end);
    for (const l of [...it.links.keys()]) if (l.startsWith(p + '/')) it.remove(l, node.off, node.end);
  }
}
