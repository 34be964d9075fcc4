/** `mkdir`, `touch`, `truncate`: directories, empty files, emptied files. */
import { absoluteDirname } from '../../../vfs';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `mkdir [-p] [-m MODE] DIR...`: known directories (for `cp`/`ln` into them). */
export function mkdir(it: Interp, c: Call): CommandResult {
  const { name, argv, argvP, node } = c;
  for (let k = 1; k < argv.length; k++) {
    if (argv[k].startsWith('-')) {
      if (argv[k] === '-m') k++;
      continue;
    }
    const p = it.resolvePath(argv[k], node.off, node.end, 'mkdir', argvP[k]);
    if (p) for (let d = p; d !== '/' && d !== '.'; d = absoluteDirname(d)) it.dirs.add(d);
  }
  return { out: [], name };
}

/** `touch FILE...`: an empty file when it does not exist. */
export function touch(it: Interp, c: Call): CommandResult {
  const { name, argv, argvP, node } = c;
  for (let k = 1; k < argv.length; k++) {
    if (argv[k].startsWith('-')) continue;
    const p = it.resolvePath(argv[k], node.off, node.end, 'touches', argvP[k]);
    if (p && !it.read(p)) it.write(p, [], 'append', 'touch', node.off, node.end);
  }
  return { out: [], name };
}

/** `truncate -s 0 FILE...` empties a file; another size is not modelled. */
export function truncate(it: Interp, c: Call): CommandResult {
  const { name, argv, argvP, node } = c;
  const sizeZero = argv.some((a, i) => (a === '-s' && argv[i + 1] === '0') || a === '--size=0' || a === '-s0');
  for (let k = 1; k < argv.length; k++) {
    if (argv[k].startsWith('-') || argv[k - 1] === '-s') continue;
    const p = it.resolvePath(argv[k], node.off, node.end, 'truncates', argvP[k]);
    if (!p) continue;
    if (sizeZero) it.write(p, [], 'trunc', 'truncate', node.off, node.end);
    else it.writeUnknown(p, '`truncate` with a size other than 0 is not modelled', 'truncate', node.off, node.end);
  }
  return { out: [], name };
}
