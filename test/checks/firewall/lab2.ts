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

/** An nftables ruleset (/etc/nftables.conf): an `inet filter` table whose input chain drops by default, then `rules`. */
export const nftInput = (...rules: string[]) =>
  [
    'table inet filter {',
    '    chain input {',
    '        type filter hook input priority filter; policy drop;',
    ...rules.map((r) => `        ${r}`),
    '    }',
    '}',
    '',
  ].join('\n');

/** An iptables-save dump of the filter table holding these lines (`:INPUT DROP [0:0]`, `-A INPUT ...`). */
export const filterDump = (...lines: string[]) => ['*filter', ...lines, 'COMMIT', ''].join('\n');
