/**
 * What a script writes is classified by its target path first (model/build.ts): a config where the
 * service reads it is parsed as that kind whatever it holds; web pages, /etc/default/*, data and
 * scratch copies are kept but never handed to a parser; a service the script installs and never
 * configures runs with the configuration its package ships.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { fullYaml } from '../checks/checkTester';

const lab = loadLab('distributed-web');
const model = (files: Record<string, string>) => buildModel(new MemoryTree(files), lab, [], { yaml: fullYaml });
const kinds = (files: Record<string, string>) =>
  Object.fromEntries(
    model(files)
      .files.filter((f) => f.fromScript)
      .map((f) => [f.target!, f.kind]),
  );

const SITE =
  'server {\n    listen 80 default_server;\n    root /var/www/html;\n    add_header X-Served-By $hostname;\n}\n';

describe('script outputs: the target path decides first', () => {
  it('HTML pages, /etc/default files and text are not parsed, even when they look like Nginx', () => {
    const script = [
      '#!/usr/bin/env bash',
      'echo "Ceci n\'est pas une page" | sudo tee /var/www/html/custom_404.html',
      "printf 'Hello World!\\n' > /usr/share/nginx/html/index.html",
      "echo 'server { listen 80; }' > /var/www/html/index.nginx-debian.html",
      'echo "ENABLED=1" | sudo tee -a /etc/default/haproxy',
      'echo \'{"a": 1}\' > /etc/app/config.json',
      "echo 'x = 1' > /opt/app/app.py",
      `cat > /etc/nginx/sites-available/default <<'EOF'\n${SITE}EOF`,
      '',
    ].join('\n');
    const m = model({ 'web-01/0-setup': script });
    expect(kinds({ 'web-01/0-setup': script })).toEqual({
      '/var/www/html/custom_404.html': 'other',
      '/usr/share/nginx/html/index.html': 'other',
      '/var/www/html/index.nginx-debian.html': 'other',
      '/etc/default/haproxy': 'other',
      '/etc/app/config.json': 'other',
      '/opt/app/app.py': 'other',
      '/etc/nginx/sites-available/default': 'nginx',
    });
    // one Nginx config parsed, no "unexpected end of file after Ceci", nothing unrecognised
    expect(m.hosts['web-01'].nginx.map((n) => n.file.target)).toEqual(['/etc/nginx/sites-available/default']);
    expect(m.hosts['web-01'].nginx[0].parse.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(m.unrecognised).toEqual([]);
  });

  it('a config at its home path is that kind whatever the content (a site file with odd text is still Nginx)', () => {
    const script =
      "#!/bin/bash\necho 'hello' > /etc/nginx/sites-available/default\necho 'global' > /etc/haproxy/haproxy.cfg\n";
    expect(kinds({ 'web-01/s': script })).toEqual({
      '/etc/nginx/sites-available/default': 'nginx',
      '/etc/haproxy/haproxy.cfg': 'haproxy',
    });
  });

  it('a scratch copy outside the service folder is not a second config when the real one is written', () => {
    const hap =
      'frontend www\n    bind *:80\n    default_backend web\nbackend web\n    server web-01 10.0.0.11:80 check\n';
    const script = `#!/bin/bash\ncat > /tmp/haproxy.cfg <<'EOF'\n${hap}EOF\ncp /tmp/haproxy.cfg /etc/haproxy/haproxy.cfg\n`;
    expect(kinds({ 'lb-01/s': script })).toEqual({
      '/tmp/haproxy.cfg': 'other',
      '/etc/haproxy/haproxy.cfg': 'haproxy',
    });
    expect(model({ 'lb-01/s': script }).hosts['lb-01'].haproxy.map((h) => h.file.target)).toEqual([
      '/etc/haproxy/haproxy.cfg',
    ]);
    // alone, the same file is the learner's config (under an odd name)
    const alone = `#!/bin/bash\ncat > /home/ubuntu/haproxy.cfg <<'EOF'\n${hap}EOF\n`;
    expect(kinds({ 'lb-01/s': alone })).toEqual({ '/home/ubuntu/haproxy.cfg': 'haproxy' });
  });

  it('on an application server the content decides (a start script says where the app listens)', () => {
    const script =
      "#!/bin/bash\ncat > /home/ubuntu/start.sh <<'EOF'\n#!/bin/bash\ncd /home/ubuntu/app && gunicorn --bind 0.0.0.0:5000 app:app\nEOF\n";
    const m = model({ 'app-01/setup': script });
    expect(m.hosts['app-01'].app.map((a) => a.bind?.port)).toContain(5000);
  });

  it('a backup in sites-enabled is a site nginx reads', () => {
    const script = `#!/bin/bash\ncat > /etc/nginx/sites-enabled/default.bak <<'EOF'\n${SITE}EOF\n`;
    expect(kinds({ 'web-01/s': script })).toEqual({ '/etc/nginx/sites-enabled/default.bak': 'nginx' });
  });
});

describe('script outputs: a service installed and left as shipped', () => {
  it('apt-get install nginx with no site written: the stock default site is what runs', () => {
    const m = model({
      'web-01/1-install':
        '#!/usr/bin/env bash\nsudo apt-get update\nsudo apt-get install -y nginx\necho "Hello World!" | sudo tee /var/www/html/index.html\n',
    });
    const n = m.hosts['web-01'].nginx;
    expect(n.map((x) => x.file.target)).toEqual(['/etc/nginx/sites-available/default']);
    expect(n[0].file.reason).toContain('package nginx');
    expect(n[0].file.source.origin?.[0]?.file).toBe('stock:nginx-common:/etc/nginx/sites-available/default');
  });
  it('a sed that fails leaves the stock site too', () => {
    const m = model({
      'web-01/0-header':
        "#!/usr/bin/env bash\nsudo apt-get install -y nginx\nsudo sed -i 's/location \\/ \\{/x/' /etc/nginx/sites-available/default\n",
    });
    expect(m.hosts['web-01'].nginx.map((x) => x.file.target)).toEqual(['/etc/nginx/sites-available/default']);
  });
  it('beside a site the script writes, the default site stays enabled (as on the server); not when the script removes it or does not install the service', () => {
    const own = model({
      'web-01/s': `#!/bin/bash\napt-get install -y nginx\ncat > /etc/nginx/sites-available/app <<'EOF'\n${SITE}EOF\n`,
    });
    expect(own.hosts['web-01'].nginx.map((x) => x.file.target)).toEqual([
      '/etc/nginx/sites-available/app',
      '/etc/nginx/sites-available/default',
    ]);
    const replaced = model({
      'web-01/s': `#!/bin/bash\napt-get install -y nginx\ncat > /etc/nginx/sites-available/app <<'EOF'\n${SITE}EOF\nln -sf /etc/nginx/sites-available/app /etc/nginx/sites-enabled/default\n`,
    });
    expect(replaced.hosts['web-01'].nginx.map((x) => x.file.target)).toEqual(['/etc/nginx/sites-available/app']);
    // an nginx.conf of the script's own that does not read sites-enabled/ never loads the default site
    const ownConf = model({
      'web-01/s': `#!/bin/bash\napt-get install -y nginx\ncat > /etc/nginx/nginx.conf <<'EOF'\nevents {}\nhttp {\n${SITE}}\nEOF\n`,
    });
    expect(ownConf.hosts['web-01'].nginx.map((x) => x.file.target)).toEqual(['/etc/nginx/nginx.conf']);
    const readsSites = model({
      'web-01/s': `#!/bin/bash\napt-get install -y nginx\ncat > /etc/nginx/nginx.conf <<'EOF'\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\nEOF\n`,
    });
    expect(readsSites.hosts['web-01'].nginx[0]!.parse.configs.map((c) => c.file)).toEqual([
      'web-01/s#/etc/nginx/nginx.conf',
      'web-01/s#/etc/nginx/sites-enabled/default',
    ]);
    const removed = model({
      'web-01/s': '#!/bin/bash\napt-get install -y nginx\nrm /etc/nginx/sites-enabled/default\n',
    });
    expect(removed.hosts['web-01'].nginx).toEqual([]);
    const none = model({ 'web-01/s': '#!/bin/bash\necho hi > /var/www/html/index.html\n' });
    expect(none.hosts['web-01'].nginx).toEqual([]);
  });
  it('apt-get install haproxy with no haproxy.cfg written: the stock haproxy.cfg', () => {
    const m = model({
      'lb-01/s': '#!/bin/bash\napt-get -y install haproxy=2.6.\\*\necho ENABLED=1 >> /etc/default/haproxy\n',
    });
    expect(m.hosts['lb-01'].haproxy.map((x) => x.file.target)).toEqual(['/etc/haproxy/haproxy.cfg']);
  });
});
