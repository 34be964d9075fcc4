/** `cd`, `pushd`, `popd`: the directory relative paths resolve against. */
import { normalizeAbsolutePath } from '../../../vfs';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `cd DIR`: an absolute (or known relative) directory; `cd`, `cd -` or an unknown one: unknown. */
export function cd(it: Interp, c: Call): CommandResult {
  const { name, argv } = c;
  const d = argv[1];
  if (d === undefined || d === '-' || !c.known(1)) it.cwd = undefined;
  else {
    const p = d.startsWith('/')
      ? normalizeAbsolutePath(d)
      : it.cwd !== undefined
        ? normalizeAbsolutePath(it.cwd + '/' + d)
        : undefined;
    it.cwd = p;
    if (p) it.dirs.add(p);
  }
  return { out: [], name };
}

/** `pushd`, `popd`: the directory is no longer known. */
export function pushd(it: Interp, c: Call): CommandResult {
  const { name } = c;
  it.cwd = undefined;
  return { out: [], name };
}
