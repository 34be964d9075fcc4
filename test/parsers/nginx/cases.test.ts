/**
 * One folder per tricky case under cases/: the folder is the submission, `expect.json` holds the
 * entry file and the expected findings ([code, severity, file, line] in order), the files read,
 * and optionally the crossplane status.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../../labs/core/vfs';
import { parseNginx, toCrossplane } from '../../../labs/core/parsers/nginx/index';
import { treeFromDir } from './helpers';

const dir = path.join(__dirname, 'cases');

describe('nginx tricky cases (folders)', () => {
  for (const name of readdirSync(dir).sort()) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(path.join(dir, name, 'expect.json'), 'utf8'));
      const full = treeFromDir(path.join(dir, name));
      const tree = new MemoryTree(
        new Map(
          full
            .list()
            .filter((f) => f !== 'expect.json')
            .map((f) => [f, full.read(f)!]),
        ),
      );
      const p = parseNginx(tree, expected.entry);
      expect(p.diagnostics.map((d) => [d.code, d.severity, d.span.file, d.span.line])).toEqual(expected.diagnostics);
      expect(p.configs.map((c) => c.file)).toEqual(expected.files);
      if (expected.crossplaneStatus) expect(toCrossplane(p).status).toBe(expected.crossplaneStatus);
    });
  }
});
