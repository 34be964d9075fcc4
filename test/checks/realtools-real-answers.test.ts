/**
 * Real tools on what real answers contain (issue: real answers): Debian's own files included by a relative
 * path reach `nginx -t`; a server name no resolver could look up (what an unset shell variable leaves of
 * `$ID-web-01`) is not handed an address, so `haproxy -c` refuses it as HAProxy would.
 */
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { findTool, runRealTools, validHostName } from '../../labs/node/realtools';
import { loadLab } from '../../labs/node/specs';
import { buildTree, solutionFiles, type Case } from './checkTester';

const missing = [!findTool('haproxy') && 'haproxy', !findTool('nginx') && 'nginx'].filter(Boolean).join(', ');
if (missing && process.env.CI === 'true') throw new Error(`CI needs ${missing}`);

const lab = loadLab('distributed-web');
async function validConfig(c: Case, id: 'haproxy/valid-config' | 'nginx/valid-config') {
  const tree = buildTree(c);
  const model = buildModel(tree, lab);
  const external = await runRealTools(model);
  return checkSubmission({
    tree,
    submission: c.name,
    lab: { ...lab, checks: lab.checks.filter((x) => x.id === id) },
    model,
    external,
    strict: true,
  }).checks[0]!;
}

describe('validHostName', () => {
  it('accepts what a resolver can look up, refuses what it cannot', () => {
    for (const ok of ['web-01', '1234-web-01', 'web01.example.com', 'localhost'])
      expect(validHostName(ok), ok).toBe(true);
    for (const bad of ['-web-01', 'web-01-', 'web_01', '[STUDENT_ID]-web-01', 'a..b', ''])
      expect(validHostName(bad), bad).toBe(false);
  });
});

describe.skipIf(!!missing)(`real tools on real answers${missing ? ` (skipped: ${missing} not installed)` : ''}`, () => {
  it("include proxy_params (Debian's /etc/nginx/proxy_params) passes nginx -t", async () => {
    const site = solutionFiles()['web-01/default'].replace('proxy_set_header Host $host;', 'include proxy_params;');
    expect(site).toContain('include proxy_params;');
    const r = await validConfig(
      { name: 'proxy_params', base: 'solution', files: { 'web-01/default': site, 'web-02/default': site } },
      'nginx/valid-config',
    );
    // (nginx warns that proxy_params and the site set the same headers twice: a warning, not a failure)
    expect(['pass', 'warn'], r.findings.map((f) => f.message).join(' | ')).toContain(r.status);
    expect(r.findings.map((f) => f.message).join(' ')).not.toMatch(/open\(\)|No such file/);
  });
  it('include of a relative file that neither the submission nor Debian has fails nginx -t', async () => {
    const site = solutionFiles()['web-01/default'].replace('proxy_set_header Host $host;', 'include my_params;');
    const r = await validConfig(
      { name: 'my_params', base: 'solution', files: { 'web-01/default': site } },
      'nginx/valid-config',
    );
    expect(r.status).toBe('fail');
  });
  it('a server address an unset variable left as "-web-01" is refused by haproxy -c', async () => {
    const cfg = solutionFiles()['lb-01/haproxy.cfg'].replace('10.0.0.11:80', '-web-01:80');
    const r = await validConfig(
      { name: 'dash', base: 'solution', files: { 'lb-01/haproxy.cfg': cfg } },
      'haproxy/valid-config',
    );
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message).join(' ')).toMatch(/could not resolve address '-web-01'/);
  });
});
