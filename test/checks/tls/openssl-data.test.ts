/**
 * The generated OpenSSL 3.0 names (labs/core/checks/tls/openssl30.generated.ts) against the real `openssl`:
 * scripts/gen-openssl-data.sh run now must print exactly the committed module. In CI (CI=true) a missing
 * openssl FAILS this test; elsewhere it is skipped with the reason. Another 3.0.x point release is compared
 * without the lines naming the version; another series (not Debian 12's 3.0) is skipped with both versions
 * (a failure in CI): the module describes the servers' OpenSSL, not any machine's.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool } from '../../../labs/node/realtools';
import { OPENSSL_SOURCE } from '../../../labs/core/checks/tls/openssl30.generated';
import { evalCipherString, knownGroup, unknownCiphers } from '../../../labs/core/checks/tls/openssl';

const root = join(__dirname, '..', '..', '..');
const openssl = findTool('openssl');
const version = openssl ? execFileSync(openssl, ['version'], { encoding: 'utf8' }).trim() : '';

if (!openssl && process.env.CI === 'true') {
  describe('openssl data', () => {
    it('openssl is installed in CI', () => {
      throw new Error('CI=true but openssl is not installed (.ci/run must install it)');
    });
  });
} else {
  // Debian 12's point releases (3.0.x) keep the same names: compared without the lines naming the version
  const series = (v: string) => /OpenSSL (\d+\.\d+)\./.exec(v)?.[1];
  const why = !openssl
    ? 'openssl not installed'
    : series(version) !== series(OPENSSL_SOURCE.version)
      ? `this openssl is ${version}, the module describes ${OPENSSL_SOURCE.version} (Debian 12)`
      : '';
  if (why && process.env.CI === 'true') throw new Error(`CI=true: ${why}`);
  const withoutVersion = (text: string) =>
    text
      .split('\n')
      .filter((l) => !/OpenSSL \d|openssl \d|OPENSSL_SOURCE =/.test(l))
      .join('\n');
  describe.skipIf(!!why)(`generated OpenSSL names${why ? ` (skipped: ${why})` : ''}`, () => {
    it('scripts/gen-openssl-data.sh prints the committed module', () => {
      const now = execFileSync('bash', [join(root, 'scripts/gen-openssl-data.sh'), '--stdout'], { encoding: 'utf8' });
      const committed = readFileSync(join(root, 'labs/core/checks/tls/openssl30.generated.ts'), 'utf8');
      expect(withoutVersion(now)).toBe(withoutVersion(committed));
      if (version === OPENSSL_SOURCE.version) expect(now).toBe(committed);
    });
    it('the cipher-string evaluation matches `openssl ciphers` on real lists', () => {
      for (const list of [
        'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-S>',
        'HIGH:!aNULL:!MD5',
        'ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS',
        'DEFAULT:-kRSA:!SHA1',
      ]) {
        const real = execFileSync(openssl!, ['ciphers', list], { encoding: 'utf8' })
          .trim()
          .split(':')
          .filter((n) => !n.startsWith('TLS_'))
          .sort();
        expect(
          evalCipherString(list)
            .ciphers.map((c) => c.name)
            .sort(),
          list,
        ).toEqual(real);
      }
    });
  });
}

describe('OpenSSL names (the committed module)', () => {
  it('knows the Mozilla intermediate names and catches a cut-off one', () => {
    expect(unknownCiphers('ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305')).toEqual([]);
    expect(unknownCiphers('ECDHE-RSA-AES256-GCM-S>')).toEqual([
      { name: 'ECDHE-RSA-AES256-GCM-S>', cut: 'ECDHE-RSA-AES256-GCM-SHA384' },
    ]);
    expect(knownGroup('X25519') && knownGroup('prime256v1') && knownGroup('secp384r1')).toBe(true);
    expect(knownGroup('X25519MLKEM768')).toBe(false);
  });
});
