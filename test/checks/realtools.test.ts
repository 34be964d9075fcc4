/**
 * Real-tool runs (haproxy -c, nginx -t) on reconstructed configs, mapped back to the learner's
 * lines. Needs haproxy and nginx: in CI (CI=true) a missing tool FAILS these tests; elsewhere
 * they are skipped with the reason.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { findTool, runRealTools } from '../../labs/node/realtools';
import { loadLab } from '../../labs/node/specs';
import { buildTree, solutionFiles, type Case } from './checkTester';

const haproxy = findTool('haproxy');
const nginx = findTool('nginx');
const missing = [!haproxy && 'haproxy', !nginx && 'nginx'].filter(Boolean).join(', ');
if (missing && process.env.CI === 'true') {
  describe('real tools', () => {
    it('are installed in CI', () => {
      throw new Error(`CI=true but ${missing} is not installed (.ci/run installs haproxy and nginx-light)`);
    });
  });
}

const lab = loadLab('distributed-web');
const onlyValid = { ...lab, checks: lab.checks.filter((c) => c.id.endsWith('/valid-config')) };
async function check(c: Case) {
  const tree = buildTree(c);
  const model = buildModel(tree, lab);
  const external = await runRealTools(model);
  const r = checkSubmission({ tree, submission: c.name, lab: onlyValid, model, external, strict: true });
  const get = (id: string) => r.checks.find((x) => x.id === id)!;
  return { hp: get('haproxy/valid-config'), ng: get('nginx/valid-config') };
}

describe.skipIf(!!missing)(`real tools${missing ? ` (skipped: ${missing} not installed)` : ''}`, () => {
  const HP = 'lb-01/haproxy.cfg';
  const W1 = 'web-01/default';
  it('accept the reference solution; the sandbox rewrites are reported as notes; temp dirs are removed', async () => {
    // A private TMPDIR (os.tmpdir() reads it at each call), so other test files' runs do not interfere.
    const saved = process.env.TMPDIR;
    const tmp = mkdtempSync(join(tmpdir(), 'wil-rt-test-'));
    process.env.TMPDIR = tmp;
    let hp, ng;
    try {
      ({ hp, ng } = await check({ name: 'solution', base: 'solution' }));
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(hp.status).toBe('pass');
    expect(hp.findings.map((f) => f.messageId)).toEqual(['tool-ok']);
    expect(ng.status).toBe('pass');
    expect(
      ng.findings
        .filter((f) => f.messageId === 'tool-ok')
        .map((f) => f.data?.host)
        .sort(),
    ).toEqual(['web-01', 'web-02']);
    const notes = ng.findings.filter((f) => f.messageId === 'tool-note');
    expect(notes.map((f) => [f.file, f.line])).toEqual([
      [W1, 3],
      ['web-02/default', 3],
    ]);
    expect(notes[0].message).toMatch(/`listen 80` ran as 127\.0\.0\.1:\d+/);
  });

  it('nginx -t catches what the parser does not, at the learner line', async () => {
    const base = solutionFiles()[W1];
    const { ng } = await check({
      name: 'uri in regex location',
      base: 'solution',
      files: {
        [W1]: base
          .replace('location /api/ {', 'location ~ ^/api/ {')
          .replace('http://10.0.0.13:5000;', 'http://10.0.0.13:5000/;'),
      },
    });
    expect(ng.status).toBe('fail');
    const f = ng.findings.find((x) => x.messageId === 'tool' && x.severity === 'error')!;
    expect([f.file, f.line]).toEqual([W1, 18]);
    expect(f.message).toMatch(/proxy_pass.*cannot have URI part/);
  });

  it('haproxy -c errors in a script-written config point at the script line', async () => {
    // The parser does not know http-check's arguments; haproxy -c does.
    const cfg = solutionFiles()[HP].replace('http-check expect status 200', 'http-check expect sttus 200');
    const script = `#!/bin/bash\ncat > /etc/haproxy/haproxy.cfg <<'EOF'\n${cfg}EOF\n`;
    const { hp } = await check({ name: 'script', base: 'solution', remove: [HP], files: { 'lb-01/setup.sh': script } });
    expect(hp.status).toBe('fail');
    const f = hp.findings.find((x) => x.messageId === 'tool' && x.severity === 'error')!;
    expect([f.file, f.line]).toEqual(['lb-01/setup.sh', 27]);
    expect(f.message).toMatch(/'http-check expect' : 'only supports .* but got 'sttus'/);
    expect(f.message).not.toMatch(/\/tmp\//);
  });

  it("an error page the package does not ship, named by a script's configuration the script never writes, fails (HAProxy would not start); written by the script, or in a submitted file, it is replaced", async () => {
    const cfg = solutionFiles()[HP].replace('defaults\n', 'defaults\n    errorfile 404 /etc/haproxy/errors/404.http\n');
    const script = (page: string) =>
      `#!/bin/bash\napt-get install -y haproxy\n${page}cat > /etc/haproxy/haproxy.cfg <<'EOF'\n${cfg}EOF\n`;
    const missing = await check({
      name: 'no-404',
      base: 'solution',
      remove: [HP],
      files: { 'lb-01/setup.sh': script('') },
    });
    expect(missing.hp.status).toBe('fail');
    const f = missing.hp.findings.find((x) => x.messageId === 'tool' && x.severity === 'error')!;
    expect(f.file).toBe('lb-01/setup.sh');
    expect(f.message).toMatch(/404\.http/);
    const written = await check({
      name: 'own-404',
      base: 'solution',
      remove: [HP],
      files: {
        'lb-01/setup.sh': script(
          "printf 'HTTP/1.0 404 Not Found\\r\\n\\r\\nnot here\\n' > /etc/haproxy/errors/404.http\n",
        ),
      },
    });
    expect(written.hp.status).toBe('pass');
    const asFile = await check({ name: 'file-404', base: 'solution', files: { [HP]: cfg } });
    expect(asFile.hp.status).toBe('pass');
    expect(asFile.hp.findings.map((x) => x.message).join('\n')).toMatch(/404\.http was replaced by a stock 503 page/);
  });

  it("a script's $HOSTNAME in a section name is this host's name for haproxy -c", async () => {
    const cfg = solutionFiles()[HP].replace('frontend www', 'frontend $HOSTNAME');
    const script = `#!/bin/bash\napt-get install -y haproxy\ncat > /etc/haproxy/haproxy.cfg <<EOF\n${cfg}EOF\n`;
    const { hp } = await check({
      name: 'hostname',
      base: 'solution',
      remove: [HP],
      files: { 'lb-01/setup.sh': script },
    });
    expect(hp.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(hp.status).toBe('pass');
  });

  it('host names get the inventory addresses (no DNS), noted; unknown names 127.0.0.1', async () => {
    const base = solutionFiles()[HP];
    const { hp } = await check({
      name: 'names',
      base: 'solution',
      files: { [HP]: base.replace('10.0.0.11:80', 'web-01:80').replace('10.0.0.12:80', 'mystery-host:80') },
    });
    expect(hp.status).toBe('pass');
    const notes = hp.findings.filter((f) => f.messageId === 'tool-note').map((f) => [f.line, f.message]);
    expect(notes).toEqual([
      [27, expect.stringMatching(/web-01 was given the inventory's address 10\.0\.0\.11/)],
      [28, expect.stringMatching(/mystery-host was given the address 127\.0\.0\.1/)],
    ]);
  });

  it("the learner's own domain names for the lab's hosts (no inventory address) get 127.0.0.1, never a DNS query", async () => {
    // A real answer: `server server1 web-01.example.tech:80 check`. The inventory then knows web-01 only by that
    // name, which must not be handed back to the tool as its "address" (haproxy -c: "could not resolve").
    const site = [
      'server {',
      '    listen 80 default_server;',
      '    add_header X-Served-By $hostname;',
      '    location /api/ { proxy_pass http://app-01.example.tech:5000; }',
      '}',
      '',
    ].join('\n');
    const { hp, ng } = await check({
      name: 'own-domains',
      base: 'empty',
      files: {
        [HP]: [
          'defaults',
          '    mode http',
          '    timeout connect 5s',
          '    timeout client 30s',
          '    timeout server 30s',
          'frontend www',
          '    bind *:80',
          '    default_backend web_servers',
          'backend web_servers',
          '    balance roundrobin',
          '    server web1 web-01.example.tech:80 check',
          '    server web2 web-02.example.tech:80 check',
          '',
        ].join('\n'),
        [W1]: site,
        'web-02/default': site,
      },
    });
    expect(hp.status).toBe('pass');
    const notes = hp.findings.filter((f) => f.messageId === 'tool-note').map((f) => [f.line, f.message]);
    expect(notes).toEqual([
      [11, expect.stringMatching(/web-01\.example\.tech was given the address 127\.0\.0\.1/)],
      [12, expect.stringMatching(/web-02\.example\.tech was given the address 127\.0\.0\.1/)],
    ]);
    expect(ng.status, JSON.stringify(ng.findings)).toBe('pass');
    expect(ng.findings.map((f) => f.message).join('\n')).toMatch(
      /app-01\.example\.tech was given the address 127\.0\.0\.1/,
    );
  });

  it('a parser error is not repeated by the tool on the same line', async () => {
    const { hp } = await check({
      name: 'no newline',
      base: 'solution',
      files: { [HP]: solutionFiles()[HP].replace(/\n$/, '') },
    });
    expect(hp.findings.filter((f) => f.severity === 'error').map((f) => [f.messageId, f.line])).toEqual([
      ['parse', 28],
    ]);
  });

  it('HAProxy warnings make the check warn (missing timeouts)', async () => {
    const { hp } = await check({
      name: 'timeouts',
      base: 'solution',
      files: { [HP]: solutionFiles()[HP].replace(/    timeout .*\n/g, '') },
    });
    expect(hp.status).toBe('warn');
    expect(hp.findings.filter((f) => f.severity === 'warning').map((f) => f.message)).toEqual([
      expect.stringMatching(/missing timeouts for frontend 'www'/),
      expect.stringMatching(/missing timeouts for backend 'web_servers'/),
    ]);
  });

  it('a certificate the config references is replaced by a throwaway one', async () => {
    const base = solutionFiles()[HP];
    const { hp } = await check({
      name: 'tls',
      base: 'solution',
      files: {
        [HP]: base.replace('    bind *:80\n', '    bind *:80\n    bind *:443 ssl crt /etc/ssl/private/site.pem\n'),
      },
    });
    expect(hp.status).toBe('pass');
  });

  it('files the sandbox lacks (ssl-dh-param-file, ca-file, crl-file, crt-list, errorfile, issuers-chain-path, acl -f) are replaced, each with a note', async () => {
    const base = solutionFiles()[HP];
    const cfg = base
      .replace(
        'global\n',
        'global\n    ssl-dh-param-file /etc/haproxy/dhparams.pem\n    issuers-chain-path /etc/ssl/issuers\n',
      )
      .replace(
        '    bind *:80\n',
        '    bind *:80\n    bind *:443 ssl crt /etc/ssl/private/site.pem ca-file /etc/ssl/ca.pem crl-file /etc/ssl/crl.pem verify optional\n    bind *:8443 ssl crt-list /etc/haproxy/crt-list.txt\n    errorfile 503 /etc/haproxy/errors/custom503.http\n    acl blocked src -f /etc/haproxy/blocked.lst\n    http-request deny if blocked\n',
      );
    const { hp } = await check({ name: 'files', base: 'solution', files: { [HP]: cfg } });
    expect(hp.findings.filter((f) => f.severity !== 'info').map((f) => f.message)).toEqual([]);
    expect(hp.status).toBe('pass');
    const notes = hp.findings.filter((f) => f.messageId === 'tool-note').map((f) => `${f.line}: ${f.message}`);
    expect(notes).toEqual([
      expect.stringMatching(
        /^3: .*`ssl-dh-param-file` \/etc\/haproxy\/dhparams.pem was replaced by the standard ffdhe2048/,
      ),
      expect.stringMatching(/^4: .*`issuers-chain-path` \/etc\/ssl\/issuers was replaced by an empty folder/),
      expect.stringMatching(/`crt` \/etc\/ssl\/private\/site.pem was replaced by a throwaway certificate/),
      expect.stringMatching(/`ca-file` \/etc\/ssl\/ca.pem was replaced/),
      expect.stringMatching(/`crl-file` \/etc\/ssl\/crl.pem was replaced/),
      expect.stringMatching(/`crt-list` \/etc\/haproxy\/crt-list.txt was replaced/),
      expect.stringMatching(/`errorfile` \/etc\/haproxy\/errors\/custom503.http was replaced by a stock 503 page/),
      expect.stringMatching(/the pattern file \/etc\/haproxy\/blocked.lst was replaced by an empty one/),
    ]);
    // The learner's ssl-dh-param-file alone (a real answer): passes with its note.
    const dh = await check({
      name: 'dh only',
      base: 'solution',
      files: { [HP]: base.replace('global\n', 'global\n    ssl-dh-param-file /etc/haproxy/dhparams.pem\n') },
    });
    expect(dh.hp.status).toBe('pass');
  });

  it('nginx: ssl_dhparam and CA files the sandbox lacks are replaced, with notes', async () => {
    const base = solutionFiles()[W1];
    const { ng } = await check({
      name: 'nginx tls',
      base: 'solution',
      files: {
        [W1]: base.replace(
          /(server_name[^\n]*\n)/,
          '$1    listen 443 ssl;\n    ssl_certificate /etc/ssl/x.pem;\n    ssl_certificate_key /etc/ssl/x.key;\n    ssl_dhparam /etc/nginx/dhparam.pem;\n    ssl_trusted_certificate /etc/ssl/ca.pem;\n',
        ),
      },
    });
    expect(ng.findings.filter((f) => f.severity !== 'info').map((f) => f.message)).toEqual([]);
    expect(
      ng.findings
        .filter((f) => f.messageId === 'tool-note' && f.file === W1)
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/ssl_dhparam \/etc\/nginx\/dhparam.pem` was given the standard ffdhe2048/);
  });

  // haproxy -c runs without the HTTP client's CA store (a global section after the learner's last line);
  // the learner's own httpclient settings, and a missing final LF, are checked as written.
  it("an error on the last line, a missing final LF and the learner's own httpclient settings are reported as written", async () => {
    const base = solutionFiles()[HP];
    const last = await check({
      name: 'last line',
      base: 'solution',
      files: { [HP]: `${base}    http-check expect sttus 200\n` },
    });
    expect(last.hp.status).toBe('fail');
    const f = last.hp.findings.find((x) => x.messageId === 'tool' && x.severity === 'error')!;
    expect([f.file, f.line]).toEqual([HP, base.split('\n').length]);
    const own = await check({
      name: 'own httpclient',
      base: 'solution',
      files: { [HP]: base.replace('global\n', 'global\n    httpclient.ssl.ca-file /nonexistent/ca.pem\n') },
    });
    expect(own.hp.status).toBe('fail');
    expect(
      own.hp.findings.some((x) => x.messageId === 'tool' && /ca-file '\/nonexistent\/ca.pem'/.test(x.message)),
    ).toBe(true);
    const noLf = await check({ name: 'no final LF', base: 'solution', files: { [HP]: base.trimEnd() } });
    expect(
      noLf.hp.findings
        .filter((x) => x.messageId === 'tool')
        .map((x) => x.message)
        .join('\n'),
    ).not.toMatch(/httpclient|web-infra-lab/);
  });
});
