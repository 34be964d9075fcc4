/**
 * How `haproxy -c`'s output becomes findings (its text as HAProxy 2.6.12 prints it): an ALERT in a check that
 * fails is an error at its line; an ALERT HAProxy recovers from (the check exits 0, "Continuing.") is a
 * warning, since the service starts. A whole answer appended to the package's haproxy.cfg repeats `user`
 * and `group` in global: that must not fail the configuration.
 */
import { describe, expect, it } from 'vitest';
import type { ModelFile } from '../../labs/core/model/types';
import { haproxyFindings } from '../../labs/node/realtools';

const cfg = '/tmp/web-infra-lab-haproxy-1/haproxy.cfg';
const file = {
  path: 'lb-01/1-install_load_balancer#/etc/haproxy/haproxy.cfg',
  host: 'lb-01',
  kind: 'haproxy',
  confidence: 1,
  reason: '',
  source: { path: 'lb-01/1-install_load_balancer', text: 'x\n'.repeat(60) },
  fromScript: 'lb-01/1-install_load_balancer',
  target: '/etc/haproxy/haproxy.cfg',
} as unknown as ModelFile;

const run = (code: number, stderr: string) => ({ stdout: '', stderr, code, timedOut: false });

describe('haproxy -c output as findings', () => {
  it('exit 0 with recovered ALERTs ("Continuing."): warnings at their lines, and the tool says the file is valid', () => {
    const f = haproxyFindings(
      run(
        0,
        `[NOTICE]   (1) : haproxy version is 2.6.12-1+deb12u4\n[ALERT]    (1) : config : parsing [${cfg}:39] : user/uid already specified. Continuing.\n[ALERT]    (1) : config : parsing [${cfg}:40] : gid/group was already specified. Continuing.\n`,
      ),
      cfg,
      file,
    );
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
    expect(f.filter((x) => x.severity === 'warning').map((x) => [x.data?.detail, x.loc?.line])).toEqual([
      ['user/uid already specified. Continuing.', 39],
      ['gid/group was already specified. Continuing.', 40],
    ]);
    expect(f.some((x) => x.messageId === 'tool-ok')).toBe(true);
  });

  it('a failed check: its ALERTs are errors at their lines, the summary lines dropped', () => {
    const f = haproxyFindings(
      run(
        1,
        `[ALERT]    (1) : config : parsing [${cfg}:12]: Missing LF on last line, file might have been truncated at position 25.\n[ALERT]    (1) : config : Error(s) found in configuration file : ${cfg}\n[ALERT]    (1) : config : Fatal errors found in configuration.\n`,
      ),
      cfg,
      file,
    );
    expect(f.map((x) => [x.severity, x.loc?.line])).toEqual([['error', 12]]);
  });

  it('a failed check without an ALERT: one error with its exit status', () => {
    const f = haproxyFindings(run(2, ''), cfg, file);
    expect(f.map((x) => [x.severity, x.data?.detail])).toEqual([['error', 'exited with status 2']]);
  });
});
