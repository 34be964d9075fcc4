/**
 * Random scripts of echo / printf / heredocs / assignments with random quoting, run by real bash:
 * the reconstruction must equal what bash writes. The generator avoids what would make bash read
 * the machine (globs, `~`, command substitution) so the oracle stays exact and safe.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconstructScript } from '../../../labs/core/parsers/shell/index';
import { runBash } from './oracle';

const plain = fc.stringMatching(/^[a-z0-9._:=,+@%-]{1,6}$/);
const anyText = fc.stringMatching(/^[a-z0-9 ._:=,+@%#!\t-]{0,8}$/);
const varName = fc.constantFrom('A', 'B', 'EMPTY', 'UNSET', 'hostname', 'SP');
const varRef = varName.chain((n) => fc.constantFrom(`$${n}`, `\${${n}}`, `\${${n}:-dflt}`, `\${#${n}}`));

/** One piece of an unquoted word. */
const unquotedPiece = fc.oneof(
  plain,
  varRef,
  anyText.map((t) => `'${t}'`),
  fc.constantFrom('\\$x', '\\"', "\\'", '\\\\', '\\ ', '\\a', "$'\\t'", "$'a\\nb'", "$'\\x41'"),
  fc
    .array(
      fc.oneof(
        anyText.map((t) => t.replace(/[\\$`"!]/g, '')),
        varRef,
        fc.constantFrom('\\$', '\\"', '\\\\', '\\n', '\\t', "'", '$ '),
      ),
      { maxLength: 4 },
    )
    .map((a) => `"${a.join('')}"`),
);
const word = fc.array(unquotedPiece, { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
const words = fc.array(word, { minLength: 0, maxLength: 4 }).map((a) => a.join(' '));

const heredocLine = fc
  .array(fc.oneof(anyText, varRef, fc.constantFrom('\\$y', '\\\\', '"q"', "'s'", '\\', '$ ', '\\t')), { maxLength: 4 })
  .map((a) => a.join(''));
const heredoc = fc
  .tuple(fc.constantFrom('EOF', "'EOF'", '"EOF"', 'EOF', '-EOF'), fc.array(heredocLine, { maxLength: 4 }), fc.boolean())
  .map(([d, lines, tabs]) => {
    const strip = d.startsWith('-');
    const op = strip ? '<<-' : '<<';
    const delim = strip ? 'EOF' : d;
    const body = lines.map((l) => (strip && tabs ? '\t' + l : l)).filter((l) => l.replace(/^\t+/, '') !== 'EOF');
    return `cat ${op}${delim} >> /etc/test/f\n${body.join('\n')}${body.length ? '\n' : ''}${strip && tabs ? '\t' : ''}EOF`;
  });

const command = fc.oneof(
  words.map((w) => `echo ${w} >> /etc/test/f`),
  fc.tuple(fc.constantFrom('-e', '-n', '-en', '-E'), words).map(([o, w]) => `echo ${o} ${w} >> /etc/test/f`),
  fc
    .tuple(fc.constantFrom("'%s\\n'", "'[%s|%s]\\n'", '"%b\\n"', "'%d\\n'", "'x%5s|%-3s\\n'"), words)
    .map(([f, w]) => `printf ${f} ${w} >> /etc/test/f`),
  heredoc,
  fc.tuple(fc.constantFrom('A', 'B', 'SP'), word).map(([n, w]) => `${n}=${w}`),
  word.map((w) => `echo ${w} | tee -a /etc/test/f > /dev/null`),
);

const script = fc
  .array(command, { minLength: 1, maxLength: 6 })
  .map((cmds) => ['A=alpha', 'B="b  c"', 'EMPTY=', "SP=' x '", ...cmds, 'touch /etc/test/f'].join('\n') + '\n');

describe('random scripts: same file as bash', () => {
  it('echo, printf, heredocs and assignments with random quoting', () => {
    fc.assert(
      fc.property(script, (s) => {
        const bash = runBash(s);
        if (bash.status !== 0) return; // a snippet bash rejects is not a comparison (e.g. printf of a non-number is fine; syntax errors are rare)
        const rec = reconstructScript('fuzz.sh', s);
        const f = rec.files.find((x) => x.target === '/etc/test/f');
        // `$$` (the shell's process id) is only known at run time: the reconstruction says so and is not compared
        if (/\$\$/.test(s)) return;
        expect(f?.exact, `script:\n${s}`).toBe(true);
        expect(f?.text, `script:\n${s}\nbash stderr: ${bash.stderr}`).toBe(bash.files.get('/etc/test/f'));
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
