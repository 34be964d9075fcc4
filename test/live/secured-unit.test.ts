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
import { labMatrix, ufwScript } from '../../labs/node/live/firewall-matrix';

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
  });

  it('runs each ufw command on its own, quoted, and reports a failure without stopping', () => {
    const s = ufwScript([
      ['allow', 'proto', 'tcp', 'from', "10.0.0.13'x", 'to', 'any', 'port', '3306'],
      ['--force', 'enable'],
    ]);
    expect(s).toContain(`ufw 'allow' 'proto' 'tcp' 'from' '10.0.0.13'\\''x'`);
    expect(s).toContain(`ufw '--force' 'enable' 2>&1`);
    expect(s.match(/\|\| printf 'FAILED/g)).toHaveLength(2);
    expect(s.trim().endsWith('echo DONE')).toBe(true);
  });
});

describe("lab 2's rewrites stay linear over learner text (issue 12, item 5)", () => {
  const MB = 1_000_000;
  const texts = [`server {\n${'\n'.repeat(MB)}`, `server_name a${' '.repeat(MB)}`, 'server_name x\n'.repeat(MB / 14)];
  for (const [i, text] of texts.entries())
    it(`case ${i + 1}: the name, the crt rewrite and the location insert under 1.5 s each (quadratic would take minutes)`, () => {
      for (const fn of [
        () => serverNameOf(plan('lb-01', 'haproxy', `crt ${text}`), [plan('web-01', 'nginx', text)]),
        () => pointCrts(text, SANDBOX_PEM),
        () => addXfpLocation(text),
      ]) {
        const t = Date.now();
        fn();
        expect(Date.now() - t).toBeLessThan(1500);
      }
    });
});
