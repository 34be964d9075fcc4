/** `sed` as a filter and `sed -i` on files the script wrote or stock files (the engine is ../sed.ts). */
import type { LineOrigin, Span } from '../../../source';
import { absoluteDirname, hasGlob, lastSegment, normalizeAbsolutePath } from '../../../vfs';
import { appendPieces, cloneContent, contentPieces, emptyContent, piecesText, type Content } from '../content';
import { parseSed, runSed, type SedCmd } from '../sed';
import { pushAll, type Base, type MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `sed [-n] [-E] [-i[SUFFIX]] [-e SCRIPT]... [SCRIPT] [FILE...]` */
export function sed(it: Interp, c: Call): CommandResult {
  return { out: sedOut(it, c.argvP, c.stdin, c.node), name: c.name };
}

function sedOut(it: Interp, argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
  const argv = argvP.map(piecesText);
  const span = it.span(node.off, node.end);
  const line = it.line(node.off);
  let inPlace: string | undefined; // suffix ('' = no backup)
  let ere = false;
  let quiet = false;
  const scripts: string[] = [];
  const operands: number[] = [];
  let k = 1;
  let endOpts = false;
  for (; k < argv.length; k++) {
    const a = argv[k];
    if (endOpts || !a.startsWith('-') || a === '-') {
      operands.push(k);
      continue;
    }
    if (a === '--') {
      endOpts = true;
      continue;
    }
    if (a.startsWith('--')) {
      if (a === '--in-place') inPlace = '';
      else if (a.startsWith('--in-place=')) inPlace = a.slice(11);
      else if (a === '--regexp-extended') ere = true;
      else if (a === '--quiet' || a === '--silent') quiet = true;
      else if (a === '--expression') scripts.push(argv[++k] ?? '');
      else if (a.startsWith('--expression=')) scripts.push(a.slice(13));
      else if (a === '--file' || a.startsWith('--file=')) {
        it.diag(
          'shell/cannot-reconstruct',
          'warning',
          '`sed -f` reads its program from another file; this edit is not reconstructed',
          span,
        );
        return it.unknownOut('sed', node);
      } else if (a === '--null-data' || a === '--zero-terminated') {
        it.diag('shell/cannot-reconstruct', 'warning', '`sed -z` is not modelled', span);
        return it.unknownOut('sed', node);
      }
      continue;
    }
    // a cluster of short options
    for (let j = 1; j < a.length; j++) {
      const o = a[j];
      if (o === 'i') {
        inPlace = a.slice(j + 1);
        break;
      }
      if (o === 'e' || o === 'f' || o === 'l') {
        const val = j + 1 < a.length ? a.slice(j + 1) : (argv[++k] ?? '');
        if (o === 'e') scripts.push(val);
        if (o === 'f') {
          it.diag(
            'shell/cannot-reconstruct',
            'warning',
            '`sed -f` reads its program from another file; this edit is not reconstructed',
            span,
          );
          return it.unknownOut('sed', node);
        }
        break;
      }
      if (o === 'E' || o === 'r') ere = true;
      else if (o === 'n') quiet = true;
      else if (o === 'z') {
        it.diag('shell/cannot-reconstruct', 'warning', '`sed -z` is not modelled', span);
        return it.unknownOut('sed', node);
      }
    }
  }
  if (!scripts.length) {
    const first = operands.shift();
    if (first === undefined) {
      it.diag('shell/sed-error', 'error', 'sed: no script given (sed prints its usage and does nothing)', span);
      return [];
    }
    scripts.push(argv[first]);
    if (argvP[first].some((x) => x.mark?.kind === 'unknown')) {
      it.diag(
        'shell/cannot-reconstruct',
        'warning',
        `cannot reconstruct this sed edit: ${argvP[first].find((x) => x.mark)!.mark!.reason}`,
        span,
      );
      for (const o of operands) {
        const p = it.resolvePath(argv[o], node.off, node.end, 'sed edits', argvP[o]);
        if (p && inPlace !== undefined) it.markInexact(p, 'sed', node);
      }
      return it.unknownOut('sed', node);
    }
  }
  const script = scripts.join('\n');
  const parsed = parseSed(script, ere);
  const origin: LineOrigin = { file: it.file, line };
  if (!parsed.prog) {
    if (parsed.error)
      it.diag(
        'shell/sed-error',
        'error',
        `sed: -e expression: ${parsed.error} (GNU sed stops with an error and changes nothing)`,
        span,
      );
    else
      it.diag(
        'shell/cannot-reconstruct',
        'warning',
        `cannot reconstruct this sed edit: ${parsed.unsupported} is not modelled`,
        span,
      );
    if (parsed.unsupported && inPlace !== undefined) {
      for (const o of operands) {
        const p = it.resolvePath(argv[o], node.off, node.end, 'sed edits', argvP[o]);
        if (p) it.markInexact(p, 'sed', node);
      }
    }
    return parsed.error ? [] : it.unknownOut('sed', node);
  }
  const prog = parsed.prog;
  if (inPlace === undefined) {
    // a filter: files (or stdin) to stdout
    let input: MPiece[] = [];
    let unknownReason: string | undefined;
    let label = 'its input';
    if (!operands.length) {
      input = stdin ?? [];
      unknownReason = stdin?.find((x) => x.mark?.kind === 'unknown')?.mark?.reason;
    } else {
      for (const o of operands) {
        const p = it.resolvePath(argv[o], node.off, node.end, 'sed reads', argvP[o]);
        const c = p ? it.read(p) : undefined;
        if (c && c.known) pushAll(input, contentPieces(c.content));
        else unknownReason = `sed reads ${argv[o]}, which the script did not write and whose content is not known`;
        label = p ?? argv[o];
      }
    }
    if (unknownReason) return it.unknownOut('sed', node, unknownReason);
    const c = emptyContent();
    appendPieces(c, input, it.file);
    const r = runSed(prog, c, { quiet, origin, readFile: sedReader(it, node) });
    reportSedMisses(it, prog.cmds, r.hit, r.selected, label, c.lines.length, span);
    if (r.unknownReads)
      return it.unknownOut('sed', node, `\`sed r ${r.unknownReads[0]}\` reads a file whose content is not known`);
    return contentPieces(r.content);
  }
  if (!operands.length) {
    it.diag('shell/sed-error', 'error', 'sed: no input files (sed -i needs a file to edit)', span);
    return [];
  }
  for (const o of operands) {
    if (hasGlob(argv[o]) && !argvP[o].some((x) => x.mark?.kind === 'unknown')) {
      it.diag(
        'shell/cannot-reconstruct',
        'warning',
        `sed -i on the pattern \`${argv[o]}\` edits files whose names are only known when the script runs`,
        span,
      );
      continue;
    }
    const p = it.resolvePath(argv[o], node.off, node.end, 'sed edits', argvP[o]);
    if (!p) continue;
    it.ctrlNote(p, node.off);
    const cur = it.read(p);
    if (!cur) {
      it.diag(
        'shell/cannot-reconstruct',
        'warning',
        `sed -i edits ${p}, which the script did not write and whose stock content is not known; this edit is not reconstructed`,
        span,
        "Write the whole file from the script (cat > FILE <<'EOF') so what it contains does not depend on the machine.",
      );
      continue;
    }
    if (!cur.known) {
      it.markInexact(p, 'sed', node);
      continue;
    }
    // sed -i replaces a symbolic link by a regular file (GNU sed without --follow-symlinks)
    const isLink = it.links.has(p);
    const dest = isLink && !argv.includes('--follow-symlinks') ? p : it.follow(p);
    if (isLink && dest === p) {
      it.links.delete(p);
      it.linkList.delete(p);
      it.removed.push({ path: p, span });
      it.diag(
        'shell/sed-replaces-link',
        'info',
        `${p} is a symbolic link; sed -i replaces it with a regular file holding the edited text (the file it pointed to is unchanged)`,
        span,
        'Edit the file in sites-available (or use sed --follow-symlinks) so the link keeps pointing at it.',
      );
    }
    if (inPlace) {
      const bak = inPlace.includes('*')
        ? inPlace.includes('/')
          ? inPlace.replace(/\*/g, lastSegment(dest))
          : absoluteDirname(dest) + '/' + inPlace.replace(/\*/g, lastSegment(dest))
        : dest + inPlace;
      it.setContent(
        normalizeAbsolutePath(bak.startsWith('/') ? bak : absoluteDirname(dest) + '/' + bak),
        cloneContent(cur.content),
        cur.exact,
        'sed-backup',
        node.off,
        node.end,
      );
    }
    const f = it.files.get(dest);
    const wasWritten = f !== undefined && f.exists;
    // an unset variable in a double-quoted sed script: bash removed it before sed ran
    it.checkMarks(
      argvP.flat().filter((x) => x.mark?.kind === 'unset'),
      dest,
    );
    const r = runSed(prog, cur.content, { quiet, origin, readFile: sedReader(it, node) });
    reportSedMisses(it, prog.cmds, r.hit, r.selected, dest, cur.content.lines.length, span);
    const rec = it.record(dest);
    if (!wasWritten) {
      rec.steps.push({ op: 'stock', span });
    }
    if (r.unknownReads)
      it.diag(
        'shell/cannot-reconstruct',
        'warning',
        `\`sed r ${r.unknownReads[0]}\` inserts a file the script did not write and whose content is not known; ${dest} lacks it`,
        span,
      );
    it.setContent(dest, r.content, cur.exact && !r.unknownReads, 'sed', node.off, node.end);
  }
  return [];
}

/** For sed's `r FILE`: the file's content as the script left it (relative names as the shell resolves them). */
function sedReader(it: Interp, node: Base): (name: string) => Content | undefined | 'unknown' {
  return (name: string) => {
    const p = name.startsWith('/')
      ? normalizeAbsolutePath(name)
      : it.cwd !== undefined
        ? normalizeAbsolutePath(it.cwd + '/' + name)
        : name.replace(/^\.\//, '');
    if (p === '/dev/stdin') return 'unknown';
    const c = it.read(p);
    if (c) return c.known ? c.content : 'unknown';
    // not written by the script and not a stock file: it may exist on the machine
    return it.files.has(p) ? undefined : 'unknown';
  };
}

function reportSedMisses(
  it: Interp,
  cmds: SedCmd[],
  hit: boolean[],
  selected: boolean[],
  file: string,
  nLines: number,
  span: Span,
): void {
  cmds.forEach((c, k) => {
    if (hit[k] || c.name === '}') return;
    if (nLines === 0) {
      it.diag(
        'shell/sed-no-match',
        'warning',
        `your sed edit changes nothing: ${file} is empty, so sed never runs \`${c.raw}\``,
        span,
        'sed only acts on lines that exist; to add to an empty file, use echo or cat >>.',
      );
      return;
    }
    let what: string;
    if (!selected[k]) {
      const a = c.a1;
      if (a?.t === 're' && (!c.a2 || true)) what = `the pattern \`${a.src}\` does not occur in ${file}`;
      else if (a?.t === 'line') what = `line ${a.n} does not exist in ${file} (it has ${nLines} lines)`;
      else if (c.a2 && c.a2.t === 're') what = `the pattern \`${c.a2.src}\` does not occur in ${file}`;
      else what = `the address of \`${c.raw}\` selects no line of ${file}`;
    } else if (c.name === 's')
      what = `the pattern \`${c.reSrc ?? ''}\` does not occur in ${file}${c.a1 ? ' on the lines its address selects' : ''}`;
    else what = `\`${c.raw}\` selects no line of ${file}`;
    it.diag(
      'shell/sed-no-match',
      'warning',
      `your sed edit changes nothing: ${what}`,
      span,
      'Check the pattern against the file it edits (spacing, tabs, and regex special characters such as . * [ ] must match exactly).',
    );
  });
}
