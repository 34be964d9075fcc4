/** Option parsing shared by the file commands (`cp`, `mv`, `install`, `ln`, `rm`). */
import { piecesText } from '../content';
import type { MPiece } from '../interp/state';

/** Splits options from operands (the indexes of the operands), with `-t DIR`/`--target-directory`; `withArg` lists options that take a value. */
export function splitOpts(
  argvP: MPiece[][],
  withArg: string[] = [],
): { opts: string[]; ops: number[]; targetDir?: string } {
  const opts: string[] = [];
  const ops: number[] = [];
  let targetDir: string | undefined;
  let end = false;
  for (let k = 1; k < argvP.length; k++) {
    const a = piecesText(argvP[k]);
    if (!end && a === '--') {
      end = true;
      continue;
    }
    if (!end && a.startsWith('-') && a.length > 1) {
      if (a === '-t' || a === '--target-directory') {
        targetDir = piecesText(argvP[++k] ?? []);
        continue;
      }
      if (a.startsWith('--target-directory=')) {
        targetDir = a.slice(19);
        continue;
      }
      opts.push(a);
      if (withArg.includes(a)) k++;
      continue;
    }
    ops.push(k);
  }
  return { opts, ops, targetDir };
}
