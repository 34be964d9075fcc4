/**
 * Two slips in real HAProxy install scripts (found outside the corpus) that the model read as the service's
 * configuration: a backup copy of haproxy.cfg saved as another .cfg in /etc/haproxy (HAProxy reads only
 * haproxy.cfg), and `echo ... >> sudo tee -a /etc/haproxy/haproxy.cfg`, which writes a file named `sudo` in the
 * working folder and leaves haproxy.cfg as the package shipped it.
 */
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { solutionFiles } from '../checks/checkTester';
import { statusOf } from './deliveries';

const lab = loadLab('distributed-web');
const BODY = `frontend www
    bind *:80
    default_backend web
backend web
    balance roundrobin
    server web-01 10.0.0.11:80 check
    server web-02 10.0.0.12:80 check
`;

function lbVerdicts(script: string): Record<string, string> {
  const files: Record<string, string> = { ...solutionFiles() };
  delete files['lb-01/haproxy.cfg'];
  files['lb-01/1-install_load_balancer'] = script;
  const r = checkSubmission({ tree: new MemoryTree(files), submission: 'x', lab, includeHidden: true, strict: true });
  return statusOf(r.checks.filter((c) => c.id.startsWith('haproxy/')));
}

describe('HAProxy reads /etc/haproxy/haproxy.cfg only', () => {
  const script = (body: string) =>
    `#!/usr/bin/env bash\napt-get -y install haproxy\ncp /etc/haproxy/haproxy.cfg /etc/haproxy/haproxy_backup.cfg\ncat > /etc/haproxy/haproxy.cfg <<'EOF'\n${body}EOF\nservice haproxy restart\n`;

  it('a backup copy beside it is kept, not read as a second configuration', () => {
    const m = buildModel(new MemoryTree({ 'lb-01/setup.sh': script(BODY) }), lab);
    expect(m.hosts['lb-01']!.haproxy.map((u) => u.file.target)).toEqual(['/etc/haproxy/haproxy.cfg']);
    expect(m.hosts['lb-01']!.files.find((f) => f.target === '/etc/haproxy/haproxy_backup.cfg')?.kind).toBe('other');
  });

  it('so the configuration judged is the one HAProxy runs (a broken one fails, whatever the copy holds)', () => {
    const broken = BODY.replace('    bind *:80\n', '');
    expect(lbVerdicts(script(broken))['haproxy/frontend-port-80']).toMatch(/^fail/);
    expect(
      lbVerdicts(
        script(
          `defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n${BODY}`,
        ),
      )['haproxy/frontend-port-80'],
    ).toBe('pass');
  });
});

describe('`>> sudo tee -a FILE` writes a file named sudo', () => {
  it('that file is not the configuration: haproxy.cfg stays as the package shipped it', () => {
    // (with a version pinned, as in the real script: still the haproxy package, shipping its haproxy.cfg)
    const script = `#!/usr/bin/env bash\nsudo apt-get -y install haproxy=2.6.\\*\necho "${BODY}" >> sudo tee -a /etc/haproxy/haproxy.cfg\nsudo service haproxy restart\n`;
    const m = buildModel(new MemoryTree({ 'lb-01/1-install_load_balancer': script }), lab);
    const units = m.hosts['lb-01']!.haproxy;
    expect(units.map((u) => u.file.target)).toEqual(['/etc/haproxy/haproxy.cfg']);
    expect(units[0]!.file.reason).toMatch(/left as shipped/);
    const got = lbVerdicts(script);
    expect(got['haproxy/frontend-port-80']).toMatch(/^fail/);
    expect(got['haproxy/two-web-servers']).toMatch(/^fail/);
  });
});

describe("a section named after the host (`frontend $HOSTNAME`, `$(hostname)-front`; names are the host's letters)", () => {
  it.each([
    ['$HOSTNAME', 'frontend $HOSTNAME'],
    ['$(hostname)-front in a variable', 'frontend ${FRONT}'],
  ])('%s: valid, as on the machine', (_name, header) => {
    const script = `#!/usr/bin/env bash\napt-get install -y haproxy\nFRONT="$(hostname)-front"\necho "\n${BODY.replace('frontend www', header)}" >> /etc/haproxy/haproxy.cfg\n`;
    const got = lbVerdicts(script);
    expect(got['haproxy/valid-config']).toBe('pass');
  });
});
