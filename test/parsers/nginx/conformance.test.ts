import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNginx, toCrossplane, toCrossplaneJSON } from '../../../labs/core/parsers/nginx/index';
import { CONFORMANCE_MISSING, NGINX_CASES, NGINX_EXPECTED, nginxCaseNames, treeFromDir } from './helpers';

// Each case folder of ../shared/conformance/nginx/ is a submission; crossplane was run from inside
// it (`crossplane parse FILE`), so payload paths are relative to the folder.
const cases: Array<{ name: string; dir: string; entry: string; expected: string }> = [];
for (const name of nginxCaseNames()) {
  const dir = path.join(NGINX_CASES, name);
  if (name === 'missing-semicolon') {
    for (const f of ['broken-above', 'broken-below'])
      cases.push({ name: `${name}/${f}`, dir, entry: `${f}.conf`, expected: `${name}--${f}` });
  } else cases.push({ name, dir, entry: 'nginx.conf', expected: name });
}

describe.skipIf(!!CONFORMANCE_MISSING)(
  `crossplane conformance: toCrossplane(parseNginx()) equals crossplane's payload${CONFORMANCE_MISSING ? ` (skipped: ${CONFORMANCE_MISSING})` : ''}`,
  () => {
    it('covers all 18 cases (19 entry files, 38 payloads)', () => {
      expect(cases.length).toBe(19);
      expect(readdirSync(NGINX_EXPECTED).filter((f) => f.endsWith('.json')).length).toBe(38);
    });
    for (const c of cases) {
      for (const comments of [false, true]) {
        const file = `${c.expected}${comments ? '.with-comments' : ''}.json`;
        it(`${c.name}${comments ? ' (with comments)' : ''}`, () => {
          const expected = JSON.parse(readFileSync(path.join(NGINX_EXPECTED, file), 'utf8'));
          const p = parseNginx(treeFromDir(c.dir), c.entry, { comments });
          expect(toCrossplane(p)).toEqual(expected);
          // the JSON text the CLI prints carries the same payload
          expect(JSON.parse(toCrossplaneJSON(p, { comments, indent: 2 }))).toEqual(expected);
        });
      }
    }
  },
);
