/** The YAML-subset reader gives exactly what the `yaml` package gives, positions included, or defers to it. */
import * as yaml from 'yaml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readYaml, readYamlFull, readYamlSubset } from '../../labs/core/model/yaml';
import { listVariants, loadVariant } from '../../labs/node/specs';

const fullReader = (file: string, text: string) => readYamlFull(yaml, file, text);
const full = (t: string) => fullReader('a.yaml', t);

const SAMPLES: string[] = [
  'lab: distributed-web\n',
  '# c\nlab: x # trailing\nspof:\n  - load-balancer\n  - "application server"\n  - \'db # primary\'\nalgorithm: round-robin\n',
  'spof:\n- a\n- b\nsetup: active-active\n',
  'issues: [spof, no-firewall, "no-https"]\n',
  'hosts:\n  lb-01: 10.0.0.10\n  web-01: "10.0.0.11"\nlab: distributed-web\n',
  "n: 5000\nf: 1.5\nt: true\nz: ~\ne:\nq: 'it''s'\n",
  'key: value with: colon\n',
  'a: [x, [y]]\n',
  'anchor: &a x\nref: *a\n',
  'block: |\n  text\n',
  'map: {a: 1}\n',
  '- top\n- level\n',
  'deep:\n  a:\n    b: 1\n',
  'dup: 1\ndup: 2\n',
  '',
  '\n# only a comment\n',
  'url: http://x.y/z#frag\n',
  'tab:\tx\n',
];

describe('YAML subset reader', () => {
  for (const text of SAMPLES) {
    it(`agrees with the yaml package: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const f = full(text);
      const r = readYaml('a.yaml', text, fullReader);
      expect(r.data).toEqual(f.data);
      expect(r.diagnostics.map((d) => d.code)).toEqual(f.diagnostics.map((d) => d.code));
      if (f.data && typeof f.data === 'object' && !Array.isArray(f.data)) {
        for (const [k, v] of Object.entries(f.data as Record<string, unknown>)) {
          const a = r.locate([k]);
          const b = f.locate([k]);
          expect([a.line, a.column], k).toEqual([b.line, b.column]);
          if (Array.isArray(v) && !text.includes('[')) {
            v.forEach((_, i) =>
              expect([r.locate([k, i]).line, r.locate([k, i]).column]).toEqual([
                f.locate([k, i]).line,
                f.locate([k, i]).column,
              ]),
            );
          }
        }
      }
    });
  }

  it('reads the answers and inventories of every variant itself (no fallback needed)', () => {
    for (const v of listVariants('distributed-web')) {
      const t = loadVariant('distributed-web', v).tree;
      for (const name of ['answers.yaml', 'inventory.yaml']) {
        const bytes = t.read(name);
        if (!bytes) continue;
        const text = new TextDecoder().decode(bytes);
        expect(readYamlSubset(name, text).data).toEqual(full(text).data);
      }
    }
  });

  it('without a full reader, YAML beyond the subset is a diagnostic, never a wrong value', () => {
    const r = readYaml('a.yaml', 'x: &a 1\n');
    expect(r.data).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['yaml/unsupported']);
  });

  it('property: whenever the subset reader accepts a text, it agrees with the yaml package', () => {
    const word = fc.stringMatching(/^[a-z0-9 :#'"\-[\],.]{0,12}$/);
    const line = fc.oneof(
      fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/), word).map(([k, v]) => `${k}: ${v}`),
      word.map((v) => `  - ${v}`),
      fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,5}$/), word).map(([k, v]) => `  ${k}: ${v}`),
      fc.constant('# comment'),
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (ls) => {
        const text = ls.join('\n') + '\n';
        let sub;
        try {
          sub = readYamlSubset('a.yaml', text);
        } catch {
          return; // deferred to the full reader
        }
        const f = full(text);
        if (f.diagnostics.length) throw new Error(`subset accepted what yaml rejects: ${JSON.stringify(text)}`);
        expect(sub.data).toEqual(f.data);
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 400) },
    );
  });
});
