/**
 * The code is formatted (Prettier, print width 120: .prettierrc.json; what it leaves out: .prettierignore).
 * `npm run format` fixes a failure.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../cli-build';

it('prettier --check passes on the code (run `npm run format` to fix)', () => {
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/prettier/bin/prettier.cjs'),
      '--check',
      'labs',
      'test',
      'src',
      'plugins',
      'scripts',
      'bench',
      '*.ts',
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.stdout + r.stderr).toMatch(/All matched files use Prettier code style!/);
  expect(r.status).toBe(0);
}, 180_000);
