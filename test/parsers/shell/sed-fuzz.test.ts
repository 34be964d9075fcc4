/**
 * Random GNU sed programs (s with BRE/ERE, a/i/c/d, addresses and ranges) applied with `sed -i`
 * to the Debian 12 stock files by real GNU sed and by reconstructScript: same bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconstructScript } from '../../../labs/core/parsers/shell/index';
import { runBash } from './oracle';

const files = [
  '/etc/nginx/sites-available/default',
  '/etc/haproxy/haproxy.cfg',
  '/etc/nginx/nginx.conf',
  '/etc/mysql/mariadb.conf.d/50-server.cnf',
];

/** Regex atoms that occur in those files, plus operators; `ere` picks the syntax. */
const atom = (ere: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      'listen',
      'server',
      'log',
      'timeout',
      'http',
      'on',
      'off',
      '80',
      'default',
      'ssl',
      'bind',
      'error',
      'root',
      '#',
      ';',
      ' ',
      'mysql',
      'e',
      'a',
    ),
    fc.constantFrom('.', '[0-9]', '[a-z]', '[[:space:]]', '[^ ]', '[[:digit:]]', '\\s', '\\w', '\\.', '\\/'),
    fc.constantFrom(
      ...(ere
        ? ['(on|off)', '(listen|bind)', '[0-9]+', 'e?', '[a-z]{2,3}']
        : ['\\(on\\|off\\)', '\\(listen\\)', '[0-9]\\+', 'e\\?', '[a-z]\\{2,3\\}']),
    ),
  );
const regex = (ere: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.boolean(),
      fc.array(fc.tuple(atom(ere), fc.constantFrom('', '', '*')), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
    )
    .map(
      ([a, xs, z]) =>
        (a ? '^' : '') + xs.map(([x, q]) => (q && /^[a-z0-9 ;#]$/.test(x) ? x + q : x)).join('') + (z ? '$' : ''),
    );
const text = fc.stringMatching(/^[a-z0-9 _=;:.-]{1,12}$/);
const address = (ere: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(''),
    fc.integer({ min: 1, max: 40 }).map(String),
    fc.constant('$'),
    regex(ere).map((r) => `/${r}/`),
    fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 60 })).map(([a, b]) => `${a},${b}`),
    fc.tuple(regex(ere), regex(ere)).map(([a, b]) => `/${a}/,/${b}/`),
    fc.tuple(regex(ere), fc.integer({ min: 0, max: 3 })).map(([a, n]) => `/${a}/,+${n}`),
  );
const command = (ere: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(
        address(ere),
        regex(ere),
        fc.constantFrom('X', '[&]', '<\\0>', '_', '', '\\n', '\\U&\\E!', '\\u&', 'a\\tb'),
        fc.constantFrom('', 'g', '2', 'I', 'gI', '2g', 'p'),
      )
      .map(([ad, r, rep, f]) => `${ad}s/${r}/${rep}/${f}`),
    fc
      .tuple(address(ere), fc.constantFrom('q', '=', 'y/abc/xyz/', 'Q'))
      .map(([ad, c]) => `${ad.includes(',') ? '' : ad}${c}`),
    fc.tuple(address(ere), fc.constantFrom('a', 'i', 'c'), text).map(([ad, c, t]) => `${ad}${c} ${t}`),
    fc.tuple(address(ere), fc.constantFrom('d', 'p')).map(([ad, c]) => `${ad}${c}`),
    fc.tuple(address(ere), fc.constantFrom('d', 's/ /_/g')).map(([ad, c]) => `${ad.replace(/^$/, '1')}!${c}`),
  );
const program = fc
  .boolean()
  .chain((ere) =>
    fc.tuple(fc.constant(ere), fc.array(command(ere), { minLength: 1, maxLength: 3 }), fc.constantFrom(...files)),
  );

describe('random GNU sed programs on the stock files: same bytes as GNU sed', () => {
  it('s / a / i / c / d / p with addresses, BRE and ERE', () => {
    fc.assert(
      fc.property(program, ([ere, cmds, file]) => {
        // each command in its own -e (a, i, c take the rest of their -e as text)
        const args = cmds.map((c) => `-e '${c}'`).join(' ');
        const quiet = cmds.some((c) => c.endsWith('p')) && cmds.length % 2 === 0 ? '-n ' : '';
        const snippet = `sed -i ${quiet}${ere ? '-E ' : ''}${args} ${file}\n`;
        const bash = runBash(snippet);
        const rec = reconstructScript('sed.sh', snippet);
        if (bash.status !== 0) {
          // GNU sed refused the program: the reconstruction must say so and leave the file alone
          expect(
            rec.diagnostics.some((d) => d.code === 'shell/sed-error'),
            `${snippet}\n${bash.stderr}`,
          ).toBe(true);
          return;
        }
        const f = rec.files.find((x) => x.target === file);
        expect(f?.text, `${snippet}\n${JSON.stringify(rec.diagnostics.map((d) => d.message))}`).toBe(
          bash.files.get(file),
        );
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
