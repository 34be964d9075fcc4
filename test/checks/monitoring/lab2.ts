/** Shared input of the lab-2 monitoring checks' tests: the reference's files, and edits of them. */
import { solutionFiles } from '../checkTester';

export const LAB = 'secured-monitored';
const S = solutionFiles(LAB);

/** `path` of the reference with `from` replaced by `to` (the text must be there). */
export function edit(path: string, from: string, to: string): Record<string, string> {
  if (!S[path].includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
  return { [path]: S[path].replace(from, to) };
}
