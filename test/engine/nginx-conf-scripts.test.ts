/**
 * X-Served-By the way most learners' scripts add it: in the stock nginx.conf's `http {}` (a `sed` after
 * `http {` or after its `include /etc/nginx/sites-enabled/*;`), the package's default site left as shipped.
 * Nginx reads that site through the include, and the site inherits the header (it has no `add_header` of its
 * own). Before, the model dropped the default site once the script wrote any Nginx file, and read the two files
 * apart: "no `server` block", then "does not add X-Served-By"; and `nginx -t` failed on the distribution's
 * `load_module modules/...` (relative to a prefix the sandbox did not have). Found on real answers outside the
 * corpus.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { checkDir } from '../../labs/node/check';
import { findTool } from '../../labs/node/realtools';
import { loadLab } from '../../labs/node/specs';
import { solutionFiles } from '../checks/checkTester';
import { statusOf } from './deliveries';

const AFTER_HTTP = `#!/usr/bin/env bash
apt-get -y install nginx
sed -i "/http {/a\\\\         add_header X-Served-By $HOSTNAME;" /etc/nginx/nginx.conf
service nginx restart
`;
const AFTER_INCLUDE = `#!/usr/bin/env bash
# configure nginx with a custom header
sudo apt-get -y update
sudo apt-get -y install nginx
sudo sed -i "s/include \\/etc\\/nginx\\/sites-enabled\\/\\*;/include \\/etc\\/nginx\\/sites-enabled\\/\\*;\\n\\tadd_header X-Served-By \\"$HOSTNAME\\";/" /etc/nginx/nginx.conf
sudo service nginx restart
`;

const lab = loadLab('distributed-web');
const IDS = ['nginx/listen-80', 'nginx/x-served-by', 'nginx/identical-servers'];

function webVerdicts(script: string): Record<string, string> {
  const files: Record<string, string> = { ...solutionFiles() };
  for (const h of ['web-01', 'web-02']) {
    delete files[`${h}/default`];
    files[`${h}/0-custom_http_response_header`] = script;
  }
  const r = checkSubmission({ tree: new MemoryTree(files), submission: 'x', lab, includeHidden: true, strict: true });
  return statusOf(r.checks.filter((c) => IDS.includes(c.id)));
}

describe('a header added to the stock nginx.conf reaches the default site', () => {
  it.each([
    ['after `http {`', AFTER_HTTP],
    ['after the sites-enabled include', AFTER_INCLUDE],
  ])('%s: the site listens on 80 and sends X-Served-By', (_name, script) => {
    expect(webVerdicts(script)).toEqual({
      'nginx/listen-80': 'pass',
      'nginx/x-served-by': 'pass',
      'nginx/identical-servers': 'pass',
    });
  });

  it('one Nginx unit: nginx.conf, which reads the default site through sites-enabled', () => {
    const m = buildModel(new MemoryTree({ 'web-01/setup.sh': AFTER_INCLUDE }), lab);
    const units = m.hosts['web-01']!.nginx;
    expect(units.map((u) => u.file.target)).toEqual(['/etc/nginx/nginx.conf']);
    expect(units[0]!.parse.configs.map((c) => c.file)).toEqual([
      'web-01/setup.sh#/etc/nginx/nginx.conf',
      'web-01/setup.sh#/etc/nginx/sites-enabled/default',
    ]);
  });

  it('a script that only edits nginx.conf, without installing nginx, runs where nginx is: its default site is there too (a real answer)', () => {
    const confOnly = AFTER_HTTP.replace('apt-get -y install nginx\n', '');
    expect(confOnly).not.toMatch(/install/);
    expect(webVerdicts(confOnly)).toEqual({
      'nginx/listen-80': 'pass',
      'nginx/x-served-by': 'pass',
      'nginx/identical-servers': 'pass',
    });
    // a file written from scratch is no such sign
    const fresh = `#!/usr/bin/env bash\nprintf 'events {}\\nhttp {\\n  include /etc/nginx/sites-enabled/*;\\n}\\n' > /etc/nginx/nginx.conf\n`;
    const m = buildModel(new MemoryTree({ 'web-01/setup.sh': fresh }), lab);
    expect(m.hosts['web-01']!.nginx[0]!.parse.configs.map((c) => c.file)).toEqual([
      'web-01/setup.sh#/etc/nginx/nginx.conf',
    ]);
  });

  it('a script that also removes the default site leaves no server, as on the server', () => {
    const got = webVerdicts(`${AFTER_HTTP}rm /etc/nginx/sites-enabled/default\n`);
    expect(got['nginx/listen-80']).toMatch(/^fail .*no `server` block/);
  });
});

const tools = ['nginx', 'bwrap'].filter((t) => !findTool(t));
if (tools.length && process.env.CI === 'true') throw new Error(`CI=true but ${tools.join(', ')} is not installed`);

describe.skipIf(tools.length > 0)(`with nginx -t ${tools.length ? `(skipped: no ${tools.join(', ')})` : ''}`, () => {
  it("the stock nginx.conf, its modules and the site it includes pass nginx -t; the site's own lines are checked", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wil-nginx-conf-'));
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(join(dir, rel, '..'), { recursive: true });
        writeFileSync(join(dir, rel), text);
      };
      for (const h of ['web-01', 'web-02']) write(`${h}/0-custom_http_response_header`, AFTER_INCLUDE);
      const ok = await checkDir(dir, { lab: 'distributed-web', realTools: true, includeHidden: true, strict: true });
      const vc = ok.checks.find((c) => c.id === 'nginx/valid-config')!;
      expect(vc.findings.filter((f) => f.severity !== 'info').map((f) => f.message)).toEqual([]);
      expect(vc.findings.map((f) => f.message).join('\n')).toMatch(/`nginx -t` accepted the configuration of web-01/);
      // a duplicate default server only nginx -t sees: the site read through the include is part of the run
      const dup = AFTER_INCLUDE.replace(
        'sudo service',
        "sudo tee /etc/nginx/sites-available/default <<'EOF'\nserver {\n    listen 80 default_server;\n    listen 80 default_server;\n}\nEOF\nsudo service",
      );
      write('web-01/0-custom_http_response_header', dup);
      const bad = await checkDir(dir, { lab: 'distributed-web', realTools: true, includeHidden: true, strict: true });
      const f = bad.checks.find((c) => c.id === 'nginx/valid-config')!.findings.find((x) => x.severity === 'error');
      expect(f?.message).toMatch(/`nginx -t` says: .*duplicate/);
      expect(f?.file).toBe('web-01/0-custom_http_response_header');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a script's own default_server beside the package's default site it leaves enabled: nginx -t reads both and refuses (a real answer); removing the default site passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wil-nginx-conf-'));
    try {
      const own = (extra: string) =>
        `#!/usr/bin/env bash\napt-get install -y nginx\ncat > /etc/nginx/sites-available/mysite <<'CONF'\nserver {\n    listen 80 default_server;\n    add_header X-Served-By $hostname;\n}\nCONF\nln -s /etc/nginx/sites-available/mysite /etc/nginx/sites-enabled/mysite\n${extra}service nginx restart\n`;
      const run = async (script: string) => {
        for (const h of ['web-01', 'web-02']) {
          mkdirSync(join(dir, h), { recursive: true });
          writeFileSync(join(dir, h, 'setup.sh'), script);
        }
        const r = await checkDir(dir, { lab: 'distributed-web', realTools: true, includeHidden: true, strict: true });
        return r.checks.find((c) => c.id === 'nginx/valid-config')!;
      };
      const both = await run(own(''));
      expect(both.status).toBe('fail');
      const f = both.findings.find((x) => x.severity === 'error');
      expect(f?.message).toMatch(/duplicate default server .*the package's default site/);
      expect([f?.file, f?.line]).toEqual(['web-01/setup.sh', 2]);
      const removed = await run(own('rm /etc/nginx/sites-enabled/default\n'));
      expect(removed.status).toBe('pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
