/** Shared input of the lab-2 firewall checks' tests: the reference's firewall scripts, and edits of them. */
import { solutionFiles } from '../checkTester';

export const LAB = 'secured-monitored';
const S = solutionFiles(LAB);

/** A host's firewall script with `from` replaced by `to` (the text must be there). */
export function edit(host: string, from: string, to: string): Record<string, string> {
  const p = `${host}/firewall.sh`;
  if (!S[p].includes(from)) throw new Error(`${p} has no ${JSON.stringify(from)}`);
  return { [p]: S[p].replace(from, to) };
}

/** A firewall script of these lines (after a shebang). */
export const script = (...lines: string[]) => `#!/usr/bin/env bash\n${lines.join('\n')}\n`;
