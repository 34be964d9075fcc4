/** `curl -o FILE`, `wget -O FILE`: files whose content is downloaded when the script runs. */
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `curl`, `wget`: the file they write is unknown; so is their output. */
export function download(it: Interp, c: Call): CommandResult {
  const { name, argv, argvP, node } = c;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k];
    if (
      (name === 'curl' && (a === '-o' || a === '--output')) ||
      (name === 'wget' && (a === '-O' || a === '--output-document'))
    ) {
      const p =
        argv[k + 1] !== undefined
          ? it.resolvePath(argv[k + 1], node.off, node.end, 'downloads to', argvP[k + 1])
          : undefined;
      if (p && p !== '-')
        it.writeUnknown(p, `it is downloaded by \`${name}\` when the script runs`, name, node.off, node.end);
    }
  }
  return { out: it.unknownOut(name, node, `the output of \`${name}\` is downloaded when the script runs`), name };
}
