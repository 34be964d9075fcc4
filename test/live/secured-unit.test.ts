/** Lab 2's live group without servers: the harness's rewrites of the learner's files and the judging of what the client saw. */
import { describe, expect, it } from 'vitest';
import { securedMetas } from '../../labs/core/checks/live/secured';
import {
  type ClientReport,
  SANDBOX_PEM,
  XFP_PATH,
  addXfpLocation,
  judge,
  pointCrts,
  serverNameOf,
} from '../../labs/node/live/secured';
import type { HostPlan } from '../../labs/node/live/discover';
import { ProbeResult } from '../../labs/node/live/group';
import type { Model } from '../../labs/core/model/types';
import { labMatrix } from '../../labs/node/live/firewall-matrix';
import { designMatrix } from '../../labs/core/firewall/design';
import { verdict } from '../../labs/core/checks/firewall/common';
import { type Fetched, firstDown, judgeScrapes, lastState, metricsPlan } from '../../labs/node/live/metrics';
import { planFromModel } from '../../labs/node/live/discover';
import { learnerAddressMap } from '../../labs/node/live/addresses';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { solutionFiles } from '../checks/checkTester';

const plan = (name: string, kind: string, text: string): HostPlan =>
  ({
    name,
    role: 'lb',
    address: '10.0.0.10',
    files: [{ kind, text, source: `${name}/x`, target: '/x' }],
  }) as unknown as HostPlan;

describe('the harness rewrites of lab 2', () => {
  it('points every `crt` (file or folder) at the sandbox PEM, comments and line count kept', () => {
    const text = [
      'frontend www',
      '    bind *:443 ssl crt /etc/haproxy/certs/ alpn h2',
      '    # bind *:8443 ssl crt /etc/old.pem',
      '    bind :444 ssl crt /a.pem crt /b.pem crt-list /etc/haproxy/list.txt',
    ].join('\n');
    const r = pointCrts(text, SANDBOX_PEM);
    expect(r.paths).toEqual(['/etc/haproxy/certs/', '/a.pem', '/b.pem']);
    expect(r.text.split('\n')).toHaveLength(4);
    expect(r.text).toContain(`crt ${SANDBOX_PEM} alpn h2`);
    expect(r.text).toContain('# bind *:8443 ssl crt /etc/old.pem');
    expect(r.text).toContain('crt-list /etc/haproxy/list.txt');
  });

  it("adds the X-Forwarded-Proto location to each server block on the block's own line", () => {
    const text =
      'server {\n  listen 80;\n}\nserver{ listen 8080; } # two\n# server { not this }\nupstream u { server a:80; }';
    const r = addXfpLocation(text);
    expect(r.count).toBe(2);
    expect(r.text.split('\n')).toHaveLength(6);
    expect(r.text.split('\n')[0]).toContain(`location = ${XFP_PATH}`);
    expect(r.text.split('\n')[3]).toMatch(/^server\{ location .*\} listen 8080; \} # two$/);
    expect(r.text.split('\n')[4]).toBe('# server { not this }');
  });

  it("finds the configuration's name: a redirect prefix, a crt named after a domain, a server_name", () => {
    expect(serverNameOf(plan('lb-01', 'haproxy', 'bind :443 ssl crt /etc/haproxy/certs/www.lab.test.pem'), [])).toBe(
      'www.lab.test',
    );
    expect(
      serverNameOf(plan('lb-01', 'haproxy', 'http-request redirect prefix https://shop.example.org code 301'), []),
    ).toBe('shop.example.org');
    expect(
      serverNameOf(plan('lb-01', 'haproxy', 'bind :443 ssl crt /etc/haproxy/certs/'), [
        plan('web-01', 'nginx', 'server { server_name _ example.net; }'),
      ]),
    ).toBe('example.net');
    expect(serverNameOf(plan('lb-01', 'haproxy', 'bind :443 ssl crt /etc/ssl/fullchain.pem'), [])).toBeUndefined();
  });
});

describe('judging what the client saw', () => {
  const ok = (by: string) => ({ status: 200, by, protocol: 'TLSv1.3', hsts: 'max-age=63072000' });
  const base = (): ClientReport => ({
    https: [ok('web-01'), ok('web-02'), ok('web-01'), ok('web-02')],
    xfp: ['web-01', 'web-02'].map((by) => ({ url: `https://x${XFP_PATH}`, status: 200, body: 'xfp=[https]\n', by })),
    plainXfp: { url: `http://x${XFP_PATH}`, status: 301, body: '', by: '' },
    redirect: { url: 'http://x/p?q=1', status: 301, location: 'https://x/p?q=1' },
    tls: [
      { version: 'TLSv1', ok: false, error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: x' },
      { version: 'TLSv1.1', ok: false, error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: x' },
      { version: 'TLSv1.2', ok: true, protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' },
      { version: 'TLSv1.3', ok: true, protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' },
    ],
  });
  const judged = (rep: ClientReport) => {
    const R = Object.fromEntries(securedMetas.map((m) => [m.id, new ProbeResult(m, {} as Model)])) as Record<
      string,
      ProbeResult
    >;
    judge(rep, R, { address: '10.0.0.10', name: 'x', header: 'X-Served-By', webs: ['web-01', 'web-02'] });
    return R;
  };

  it('passes the reference-like answers', () => {
    const R = judged(base());
    for (const m of securedMetas) expect(R[m.id].status, m.id).toBe('pass');
  });

  it('fails a 302, a lost query, a short HSTS, a missing or plain-labelled X-Forwarded-Proto, TLS 1.0 accepted', () => {
    const rep = base();
    rep.redirect.status = 302;
    expect(judged(rep)['live/redirect'].findings[0].messageId).toBe('not-permanent');
    rep.redirect = { url: 'http://x/p?q=1', status: 301, location: 'https://x/' };
    expect(judged(rep)['live/redirect'].findings[0].messageId).toBe('wrong-location');
    rep.https[0].hsts = 'max-age=86400';
    expect(judged(rep)['live/hsts'].findings[0].messageId).toBe('short');
    rep.xfp[0].body = 'xfp=[]\n';
    rep.plainXfp = { url: 'http://x/', status: 200, body: 'xfp=[https]\n', by: 'web-02' };
    expect(judged(rep)['live/x-forwarded-proto'].findings.map((f) => f.messageId)).toEqual([
      'missing',
      'received',
      'plain-labelled-https',
    ]);
    rep.tls[0] = { version: 'TLSv1', ok: true, protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES128-SHA' };
    expect(judged(rep)['live/tls-versions'].status).toBe('fail');
  });

  it('one web server never answering, or the answers not alternating', () => {
    const rep = base();
    rep.https = [ok('web-01'), ok('web-01'), ok('web-01'), ok('web-01')];
    expect(judged(rep)['live/https-round-robin'].findings[0].messageId).toBe('one-server');
    rep.https = [ok('web-01'), ok('web-01'), ok('web-02'), ok('web-02')];
    expect(judged(rep)['live/https-round-robin'].findings[0].messageId).toBe('not-alternating');
  });
});

describe('the firewall matrix (lab 2)', () => {
  const h = (name: string, role: string): HostPlan =>
    ({ name, role, address: '10.0.0.1', files: [] }) as unknown as HostPlan;
  it("expects the design's connections open and the rest closed", () => {
    const hosts = [h('lb-01', 'lb'), h('web-01', 'web'), h('web-02', 'web'), h('app-01', 'app')];
    hosts.push(h('db-primary', 'db-primary'), h('db-replica', 'db-replica'), h('monitor-01', 'other'));
    const cells = labMatrix(hosts, 5000, 'monitor-01');
    const want = (from: string, to: string, port: number) =>
      cells.find((c) => c.from === from && c.to === to && c.port === port)?.want;
    expect(want('internet', 'lb-01', 443)).toBe('open');
    expect(want('internet', 'web-01', 80)).toBe('closed');
    expect(want('lb-01', 'web-02', 80)).toBe('open');
    expect(want('db-replica', 'db-primary', 3306)).toBe('open');
    expect(want('web-01', 'db-primary', 3306)).toBe('closed');
    expect(want('monitor-01', 'db-replica', 9100)).toBe('open');
    expect(cells.some((c) => c.to === 'monitor-01')).toBe(false);
    // the very table the static firewall checks judge (labs/core/firewall/design.ts)
    const design = designMatrix(
      hosts.map((x) => ({
        name: x.name,
        role: x.name === 'monitor-01' ? 'monitor' : x.role === 'lb' ? 'load-balancer' : x.role,
      })),
      { appPort: 5000 },
    );
    expect(cells).toEqual(design.map(({ check: _c, ...cell }) => cell));
    expect(new Set(design.map((c) => c.check).filter(Boolean))).toEqual(
      new Set([
        'firewall/lb-ports',
        'firewall/web-from-lb-only',
        'firewall/app-from-web-only',
        'firewall/db-restricted',
      ]),
    );
  });

  it('the reference meets every cell in the ufw model, those only the live matrix tries included', () => {
    const lab = loadLab('secured-monitored');
    const tree = new MemoryTree(solutionFiles('secured-monitored'));
    const model = buildModel(tree, lab);
    const hosts = Object.values(model.hosts).filter((x) => x.present);
    const cells = designMatrix(hosts.map((x) => ({ name: x.name, role: x.role })));
    expect(cells.length).toBeGreaterThan(25);
    const unmet = cells.filter((c) => {
      const v = verdict(model.hosts[c.to], {
        from: c.from === 'internet' ? 'internet' : model.hosts[c.from],
        proto: 'tcp',
        port: c.port,
      });
      return (v.verdict === 'allow') !== (c.want === 'open');
    });
    expect(unmet.map((c) => `${c.from} -> ${c.to}:${c.port} ${c.want}`)).toEqual([]);
  });
});

describe("lab 2's rewrites stay linear over learner text (issue 12, item 5)", () => {
  const MB = 1_000_000;
  const texts = [`server {\n${'\n'.repeat(MB)}`, `server_name a${' '.repeat(MB)}`, 'server_name x\n'.repeat(MB / 14)];
  for (const [i, text] of texts.entries())
    // (a bound no quadratic shape meets on 1 MB, with room for a loaded CI machine: about 0.2 s each here)
    it(`case ${i + 1}: the name, the crt rewrite and the location insert under 8 s each (quadratic would take minutes)`, () => {
      for (const fn of [
        () => serverNameOf(plan('lb-01', 'haproxy', `crt ${text}`), [plan('web-01', 'nginx', text)]),
        () => pointCrts(text, SANDBOX_PEM),
        () => addXfpLocation(text),
      ]) {
        const t = Date.now();
        fn();
        expect(Date.now() - t).toBeLessThan(8000);
      }
    });
});

describe('live/metrics without servers: what is scraped, from where, and the judging', () => {
  const lab2 = loadLab('secured-monitored');
  // the learner's own addresses (never the lab's defaults), mapped onto the sandbox's
  const files: Record<string, string> = {
    'inventory.yaml': [
      'lab: secured-monitored',
      'hosts:',
      '  lb-01: 192.168.50.10',
      '  web-01: 192.168.50.11',
      '  web-02: 192.168.50.12',
      '  db-primary: 192.168.50.21',
      '  monitor-01: 192.168.50.30',
    ].join('\n'),
    'lb-01/haproxy.cfg': [
      'defaults',
      '    mode http',
      'frontend www',
      '    bind *:80',
      '    default_backend web',
      'frontend stats',
      '    bind 192.168.50.10:8405',
      '    http-request use-service prometheus-exporter if { path /prom }',
      'backend web',
      '    server web-01 192.168.50.11:80 check',
      '    server web-02 192.168.50.12:80 check',
    ].join('\n'),
    'web-01/default':
      'server {\n  listen 80;\n  location = /nginx_status { stub_status; allow 192.168.50.30; deny all; }\n}\n',
    'web-02/default': 'server {\n  listen 80;\n}\n',
    'monitor-01/prometheus.yml': [
      'scrape_configs:',
      '  - job_name: haproxy',
      '    metrics_path: /prom',
      '    static_configs:',
      "      - targets: ['192.168.50.10:8405']",
      '  - job_name: node',
      '    static_configs:',
      '      - targets:',
      "          - '192.168.50.11:9100'",
      "          - '192.168.50.21:9100'",
      "          - '203.0.113.9:9100'",
      '  - job_name: web',
      '    static_configs:',
      "      - targets: ['web-02:80']",
    ].join('\n'),
  };
  const tree = new MemoryTree(files);
  const model = buildModel(tree, lab2);
  const hosts = planFromModel(model, tree).hosts;
  const mapping = learnerAddressMap(model, lab2.hosts).map;
  const lbAddr = hosts.find((h) => h.name === 'lb-01')!.address;
  const web1 = hosts.find((h) => h.name === 'web-01')!.address;
  const web2 = hosts.find((h) => h.name === 'web-02')!.address;
  const plan = metricsPlan(model, hosts, mapping);

  it("scrapes what the sandbox runs at the sandbox's addresses; the rest is not tried, with the reason", () => {
    expect(lbAddr).not.toBe('192.168.50.10');
    const by = Object.fromEntries(plan.targets.map((t) => [t.value, t]));
    expect(by['192.168.50.10:8405']).toMatchObject({
      host: 'lb-01',
      kind: 'haproxy',
      url: `http://${lbAddr}:8405/prom`,
    });
    expect(by['web-02:80']).toMatchObject({ host: 'web-02', kind: 'nginx', url: `http://${web2}/metrics` });
    expect(by['192.168.50.11:9100']).toMatchObject({ host: 'web-01', kind: 'none' });
    expect(by['192.168.50.11:9100'].reason).toMatch(/node_exporter .* not part of the sandbox/);
    expect(by['192.168.50.21:9100']).toMatchObject({ host: 'db-primary', kind: 'none' });
    expect(by['203.0.113.9:9100']).toMatchObject({ kind: 'none', reason: '203.0.113.9 is no host of your inventory' });
    expect(plan.stubs).toEqual([{ host: 'web-01', url: `http://${web1}/nginx_status`, what: "web-01's stub_status" }]);
    expect(plan.internet.map((e) => e.url).sort()).toEqual(
      [`http://${lbAddr}:8405/prom`, `http://${web2}/metrics`, `http://${web1}/nginx_status`].sort(),
    );
    expect(plan.noConfig).toBe(false);
  });

  const judgedMetrics = (mon: Record<string, Fetched>, net: Record<string, Fetched> | { notTried: string }) => {
    const r = new ProbeResult(
      securedMetas.find((m) => m.id === 'live/metrics')!,
      model,
    );
    judgeScrapes(plan, 'monitor-01', mon, net, r);
    return r;
  };
  const haproxyOk: Fetched = { status: 200, haproxy: 353, samples: 353 };
  const stubOk: Fetched = { status: 200, stub: 'Active connections: 1', head: 'Active connections: 1' };
  const promOk: Fetched = { status: 200, samples: 12 };
  const dropped: Fetched = { status: 0, error: 'no answer within 700 ms' };
  const monitorOk = {
    [`http://${lbAddr}:8405/prom`]: haproxyOk,
    [`http://${web2}/metrics`]: promOk,
    [`http://${web1}/nginx_status`]: stubOk,
  };
  const internetClosed = Object.fromEntries(plan.internet.map((e) => [e.url, dropped]));

  it('passes when the monitor scrapes every target and the internet reads nothing; names the learner lines', () => {
    const r = judgedMetrics(monitorOk, internetClosed);
    expect(r.status).toBe('pass');
    const ids = r.findings.map((f) => f.messageId);
    expect(ids.filter((i) => i === 'scraped')).toHaveLength(2);
    expect(ids).toContain('internet-none');
    expect(ids).toContain('status-read');
    const nt = r.findings.filter((f) => f.messageId === 'not-tried');
    // one finding per job and reason
    expect(nt.map((f) => f.data!.target)).toEqual(['192.168.50.11:9100, 192.168.50.21:9100', '203.0.113.9:9100']);
    expect(r.findings.find((f) => f.messageId === 'scraped')).toMatchObject({
      file: 'monitor-01/prometheus.yml',
      line: 5,
    });
  });

  it('fails a refused scrape, an answer Prometheus cannot parse, and anything the internet reads', () => {
    const refused = judgedMetrics(
      { ...monitorOk, [`http://${lbAddr}:8405/prom`]: { status: 0, error: 'ECONNREFUSED: connect ECONNREFUSED' } },
      internetClosed,
    );
    expect(refused.status).toBe('fail');
    expect(refused.findings.find((f) => f.severity === 'error')!.message).toMatch(
      /^monitor-01 could not scrape 192\.168\.50\.10:8405 \(job `haproxy`: lb-01, .*\): ECONNREFUSED/,
    );
    const stubAsTarget = judgedMetrics({ ...monitorOk, [`http://${web2}/metrics`]: stubOk }, internetClosed);
    expect(stubAsTarget.findings.find((f) => f.severity === 'error')!.messageId).toBe('not-prometheus');
    const open = judgedMetrics(monitorOk, { ...internetClosed, [`http://${web1}/nginx_status`]: stubOk });
    expect(open.status).toBe('fail');
    expect(open.findings.find((f) => f.severity === 'error')!.message).toMatch(
      /^the internet read web-01's stub_status at http:\/\/.*\/nginx_status \(web-01, answer 200\)/,
    );
    // a redirect or a 403 gives nothing away
    const redirected = judgedMetrics(monitorOk, {
      ...internetClosed,
      [`http://${lbAddr}:8405/prom`]: { status: 301, samples: 0 },
      [`http://${web1}/nginx_status`]: { status: 403, head: '403 Forbidden' },
    });
    expect(redirected.status).toBe('pass');
    const noUfw = judgedMetrics(monitorOk, { notTried: 'ufw is not installed' });
    expect(noUfw.status).toBe('pass');
    expect(noUfw.findings.map((f) => f.messageId)).toContain('internet-not-tried');
  });

  it('reads the poll: the first DOWN at or after the stop, and the last state', () => {
    const out = 'STATE 1000 UP\nSTATE 1100 DOWN\nSTATE 1200 UP\nSTATE 1300 UP\nSTATE 1400 DOWN\nSTATE 1500 MAINT\n';
    expect(firstDown(out, 1150)).toEqual({ t: 1400, state: 'DOWN' });
    expect(firstDown(out, 1450)).toEqual({ t: 1500, state: 'MAINT' });
    expect(firstDown(out, 1600)).toBeUndefined();
    expect(lastState('STATE 1 UP\nSTATE 2 error\n')).toBe('error');
    expect(lastState('')).toBeUndefined();
  });
});
