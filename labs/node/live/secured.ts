/**
 * Lab 2's live probes (HTTPS at the load balancer), one group over one topology: the learner's HAProxy
 * with its TLS frontend, lab 1's web tier (web servers and app; the database and monitoring hosts are
 * not needed), and a client namespace standing for the internet.
 *
 *   a throwaway CA and a server certificate for the configuration's name (openssl, in the run folder)
 *   -> web tier and HAProxy started (every `crt` pointed at the generated PEM, recorded as a change)
 *   -> one client run (Node, in the client namespace, trusting only that CA) that makes every request
 *   -> live/https-round-robin, live/redirect, live/hsts, live/x-forwarded-proto, live/tls-versions.
 *
 * Servers start through lab 1's pieces (servers.ts: prepareWeb, prepareApp, prepareLb; sandbox.ts: one
 * network namespace per host, a private mount namespace and root per server, unprivileged users). Every
 * wait is bounded; the sandbox's teardown stops every process and removes the namespaces and the run
 * folder, also on abort.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { securedMetas } from '../../core/checks/live/secured';
import { docsUrl } from '../../core/checks/types';
import type { Model } from '../../core/model/types';
import type { CheckResult } from '../../core/report/types';
import { ProbeResult, errorText, groupOutput, liveOption, memorySampler } from './group';
import { labFolder } from '../paths';
import { learnerAddressMap, mapAddresses, substituteHostName } from './addresses';
import type { Change } from './change';
import { type HostPlan, planFromModel } from './discover';
import type { LiveInput, LiveOutput } from './index';
import { type ManagedProcess, WaitError, listening, sleep, waitFor } from './proc';
import { Sandbox, cleanupStale, netnsSupported } from './sandbox';
import {
  type MatrixReport,
  type StagedUfw,
  installUfw,
  matrixHosts,
  runFirewallMatrix,
  stageUfw,
} from './firewall-matrix';
import { runMetrics } from './metrics';
import { type PreparedHost, haproxyCommand, parseShowStat, prepareApp, prepareLb, prepareWeb } from './servers';

/** The group's probe ids (report order). */
export const SECURED_PROBES: readonly string[] = securedMetas.map((m) => m.id);
const OWN_IDS = new Set(SECURED_PROBES);

/** Whether a live run is lab 2's: the lab selected one of this group's probes. */
export function isSecuredRun(only: ReadonlySet<string> | undefined): boolean {
  return !!only && [...only].some((id) => OWN_IDS.has(id));
}

const NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--no-new-privs'];
/** Where the generated PEM is in the load balancer's sandbox (its private /etc/ssl/private). */
export const SANDBOX_PEM = '/etc/ssl/private/web-infra-lab-live.pem';
/** The harness's location in each web server block: its answer is the X-Forwarded-Proto nginx received. */
export const XFP_PATH = '/.web-infra-lab/x-forwarded-proto';
/** HSTS shorter than this (180 days) is flagged, as by haproxy/hsts and testssl.sh. */
const HSTS_MIN = 15552000;

/** Text without `#` comments (HAProxy and Nginx alike; a `#` inside quotes is rare enough in these lines). */
const uncommented = (line: string): string => line.replace(/(^|\s)#.*$/, '$1');
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * The name the learner's configuration serves: a redirect's `https://NAME`, a `crt` file named after a
 * domain (`www.example.com.pem`), else an Nginx `server_name`. Undefined when none says.
 */
export function serverNameOf(lb: HostPlan | undefined, webs: HostPlan[]): string | undefined {
  const lbText = (lb?.files ?? [])
    .filter((f) => f.kind === 'haproxy')
    .map((f) => f.text.split('\n').map(uncommented).join('\n'))
    .join('\n');
  const prefix = /\bredirect\s+(?:prefix|location)\s+https?:\/\/([a-z0-9.-]+)/i.exec(lbText)?.[1];
  if (prefix && DOMAIN.test(prefix)) return prefix.toLowerCase();
  for (const m of lbText.matchAll(/\bcrt\s+(\S+)/g)) {
    const base = (m[1].split('/').pop() ?? '').replace(/\.(pem|crt|cer)$/i, '');
    if (DOMAIN.test(base) && !/^(fullchain|cert|privkey|chain)$/i.test(base)) return base.toLowerCase();
  }
  for (const w of webs)
    for (const f of w.files.filter((x) => x.kind === 'nginx'))
      for (const m of f.text
        .split('\n')
        .map(uncommented)
        .join('\n')
        .matchAll(/\bserver_name\s+([^;\n]+);/g))
        for (const n of m[1].trim().split(/\s+/)) if (DOMAIN.test(n)) return n.toLowerCase();
  return undefined;
}

/** Every `crt <path>` of the HAProxy files pointed at the sandbox's PEM (lines kept: reports map 1:1). */
export function pointCrts(text: string, pem: string): { text: string; paths: string[] } {
  const paths: string[] = [];
  const out = text
    .split('\n')
    .map((line) => {
      const code = uncommented(line);
      const rest = line.slice(code.length);
      const next = code.replace(/(\bcrt\s+)(\S+)/g, (_m, kw: string, p: string) => {
        paths.push(p);
        return kw + pem;
      });
      return next + rest;
    })
    .join('\n');
  return { text: out, paths };
}

/** The harness's location in every `server {` block of an Nginx file (on the same line: line numbers kept). */
export function addXfpLocation(text: string): { text: string; count: number } {
  let count = 0;
  const loc = `location = ${XFP_PATH} { default_type text/plain; return 200 "xfp=[$http_x_forwarded_proto]\\n"; }`;
  const out = text
    .split('\n')
    .map((line) => {
      const code = uncommented(line);
      return (
        code.replace(/((?:^|[\s;{}])server\s*\{)/g, (head: string) => {
          count++;
          return `${head} ${loc}`;
        }) + line.slice(code.length)
      );
    })
    .join('\n');
  return { text: out, count };
}

/** A throwaway CA and a server certificate signed by it (EC P-256, 2 days), made with openssl in `dir`. */
export function makeCa(
  dir: string,
  name: string,
  addresses: string[],
): { caCrt: string; pem: string; crt: string; key: string } {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const f = (n: string): string => join(dir, n);
  const run = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe', timeout: 15_000 });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run([
    'req',
    '-x509',
    ...ec,
    '-days',
    '2',
    '-subj',
    '/CN=web-infra-lab live-mode throwaway CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
  ]);
  const san = [`DNS:${name}`, ...addresses.map((a) => `IP:${a}`)].join(',');
  writeFileSync(
    f('site.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
  );
  run(['req', '-new', ...ec, '-subj', `/CN=${name}`, '-keyout', f('site.key'), '-out', f('site.csr')]);
  run([
    'x509',
    '-req',
    '-in',
    f('site.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f('site.ext'),
    '-out',
    f('site.crt'),
  ]);
  writeFileSync(f('site.pem'), readFileSync(f('site.crt'), 'utf8') + readFileSync(f('site.key'), 'utf8'), {
    mode: 0o600,
  });
  chmodSync(f('ca.crt'), 0o644);
  return { caCrt: f('ca.crt'), pem: f('site.pem'), crt: f('site.crt'), key: f('site.key') };
}

/** What the client saw (one JSON object on its last line). */
export interface ClientReport {
  https: Array<{ status: number; by: string; protocol?: string; error?: string; hsts?: string }>;
  xfp: Array<{ url: string; status: number; body: string; by: string; error?: string }>;
  plainXfp: { url: string; status: number; body: string; by: string; location?: string; error?: string };
  redirect: { url: string; status: number; location?: string; error?: string };
  tls: Array<{ version: string; ok: boolean; protocol?: string; cipher?: string; error?: string; local?: boolean }>;
}

/**
 * The client: every request of the probes, sequential, each bounded (3 s), from the client namespace.
 * argv: address name ca-file header xfp-path requests
 */
export const CLIENT_SCRIPT = `'use strict';
// web-infra-lab live mode (lab 2): the probes' requests; one JSON object on the last line.
const https = require('https');
const http = require('http');
const tls = require('tls');
const fs = require('fs');
const [addr, name, caFile, header, xfpPath, nStr] = process.argv.slice(2);
const ca = fs.readFileSync(caFile);
const hdr = (header || '').toLowerCase();
function get(mod, path, extra) {
  return new Promise((resolve) => {
    const opts = Object.assign({ host: addr, path, timeout: 3000, agent: false, headers: { Host: name, Connection: 'close' } }, extra);
    const req = mod.get(opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { if (body.length < 4096) body += d; });
      const protocol = res.socket && res.socket.getProtocol ? res.socket.getProtocol() : undefined;
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, protocol }));
      res.on('error', (e) => resolve({ status: 0, error: e.code || e.message }));
    });
    req.on('timeout', () => { req.destroy(new Error('no answer within 3 s')); });
    req.on('error', (e) => resolve({ status: 0, error: (e.code ? e.code + ': ' : '') + e.message }));
  });
}
const tlsOpts = { ca, servername: name };
function handshake(version) {
  return new Promise((resolve) => {
    let done = false;
    const fin = (r) => { if (!done) { done = true; resolve(Object.assign({ version }, r)); } };
    let s;
    try {
      s = tls.connect({ host: addr, port: 443, servername: name, ca, rejectUnauthorized: false,
        minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
        const c = s.getCipher();
        fin({ ok: true, protocol: s.getProtocol(), cipher: c ? c.name : '' });
        s.end();
      });
    } catch (e) {
      return fin({ ok: false, error: e.code || e.message, local: true });
    }
    s.setTimeout(3000, () => { fin({ ok: false, error: 'no answer within 3 s' }); s.destroy(); });
    s.on('error', (e) => {
      const msg = (e.code ? e.code + ': ' : '') + e.message.split('\\n')[0];
      // refused by this machine's own TLS library, before anything was sent
      const local = /NO_PROTOCOLS_AVAILABLE|no protocols available|UNSUPPORTED_PROTOCOL.*client/i.test(msg) && !s.bytesWritten;
      fin({ ok: false, error: msg, local });
    });
    s.on('close', () => fin({ ok: false, error: 'connection closed during the handshake' }));
  });
}
(async () => {
  const out = { https: [], xfp: [], plainXfp: {}, redirect: {}, tls: [] };
  for (let i = 0; i < Number(nStr); i++) {
    const r = await get(https, '/', tlsOpts);
    out.https.push({ status: r.status, by: hdr ? String((r.headers || {})[hdr] || '') : '', protocol: r.protocol, error: r.error,
      hsts: r.headers ? r.headers['strict-transport-security'] : undefined });
  }
  for (let i = 0; i < 2; i++) {
    const r = await get(https, xfpPath, tlsOpts);
    out.xfp.push({ url: 'https://' + name + xfpPath, status: r.status, body: r.body || '', by: hdr ? String((r.headers || {})[hdr] || '') : '', error: r.error });
  }
  {
    const r = await get(http, xfpPath, {});
    out.plainXfp = { url: 'http://' + name + xfpPath, status: r.status, body: r.body || '', by: hdr ? String((r.headers || {})[hdr] || '') : '', location: r.headers ? r.headers.location : undefined, error: r.error };
  }
  {
    const path = '/web-infra-lab/probe?x=1&y=two';
    const r = await get(http, path, {});
    out.redirect = { url: 'http://' + name + path, status: r.status, location: r.headers ? r.headers.location : undefined, error: r.error };
  }
  for (const v of ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']) out.tls.push(await handshake(v));
  process.stdout.write('\\n' + JSON.stringify(out) + '\\n');
})();
`;

const VERSION_NAME: Record<string, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

/** `ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: ... alert protocol version ...` -> `alert protocol version`. */
function shortTlsError(e: string | undefined): string {
  if (!e) return 'no reason given';
  const m = /SSL routines:(?:\w+:)?([^:]+)/.exec(e);
  return (m?.[1] ?? e).trim().slice(0, 80);
}

/** Judges what the client saw (pure: unit-tested without servers). */
export function judge(
  rep: ClientReport,
  R: Record<string, ProbeResult>,
  ctx: { address: string; name: string; header: string; webs: string[] },
): void {
  const rr = R['live/https-round-robin'];
  const url = `https://${ctx.name}/`;
  const ok = rep.https.filter((r) => r.status >= 200 && r.status < 400);
  const bad = rep.https.filter((r) => !(r.status >= 200 && r.status < 400));
  const tlsDown = rep.https.every((r) => r.status === 0);
  if (tlsDown) {
    rr.fail('no-tls', { address: ctx.address, error: rep.https[0]?.error ?? 'no request made' });
  } else {
    const seq = rep.https.map((r) => r.by || (r.status ? String(r.status) : 'error')).join(', ');
    if (bad.length)
      rr.fail('errors', {
        errors: bad.length,
        count: rep.https.length,
        url,
        codes: bad.map((r) => r.error ?? String(r.status)).join(', '),
      });
    else if (ctx.header && ok.every((r) => !r.by)) rr.fail('no-header', { count: ok.length, header: ctx.header });
    else if (ctx.header) {
      const missing = ctx.webs.filter((w) => !ok.some((r) => r.by === w));
      const alternates = ok.every((r, i) => i === 0 || r.by !== ok[i - 1].by);
      if (missing.length) rr.fail('one-server', { missing: missing.join(', '), count: ok.length, sequence: seq });
      else if (!alternates) rr.fail('not-alternating', { servers: ctx.webs.join(' and '), sequence: seq });
      else rr.note('sequence', { count: ok.length, url, sequence: seq, protocol: ok[0]?.protocol ?? '?' });
    } else rr.note('sequence', { count: ok.length, url, sequence: seq, protocol: ok[0]?.protocol ?? '?' });
  }

  // live/redirect
  const rd = R['live/redirect'];
  const r = rep.redirect;
  const want = new URL(r.url);
  const expected = `https://${want.host}${want.pathname}${want.search}`;
  if (!r.status) rd.fail('no-answer', { url: r.url, error: r.error ?? 'no answer' });
  else if (![301, 302, 303, 307, 308].includes(r.status) || !r.location || !/^https:\/\//i.test(r.location))
    rd.fail('not-redirected', {
      url: r.url,
      status: r.status,
      detail: r.location ? `Location: ${r.location}` : 'no Location header',
    });
  else {
    let loc: URL | undefined;
    try {
      loc = new URL(r.location);
    } catch {
      loc = undefined;
    }
    if (!loc || loc.pathname !== want.pathname || loc.search !== want.search)
      rd.fail('wrong-location', { url: r.url, status: r.status, location: r.location, expected });
    else if (r.status !== 301 && r.status !== 308)
      rd.fail('not-permanent', { url: r.url, status: r.status, location: r.location });
    else rd.note('redirected', { url: r.url, status: r.status, location: r.location });
  }

  // live/hsts: the first answered HTTPS response
  const hs = R['live/hsts'];
  const first = rep.https.find((x) => x.status > 0);
  if (!first) hs.fail('no-answer', { url, error: rep.https[0]?.error ?? 'no request made' });
  else if (!first.hsts) hs.fail('missing', { url, status: first.status });
  else {
    const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)/i.exec(first.hsts);
    if (!m) hs.fail('no-max-age', { url, value: first.hsts });
    else {
      const age = Number(m[1]);
      const data = { url, value: first.hsts, age, days: Math.floor(age / 86400), min: HSTS_MIN };
      if (age < HSTS_MIN) hs.fail('short', data);
      else hs.note('present', data);
    }
  }

  // live/x-forwarded-proto: what each web server received
  const xf = R['live/x-forwarded-proto'];
  for (const x of rep.xfp) {
    const m = /xfp=\[([^\]]*)\]/.exec(x.body);
    const web = x.by || 'the web server';
    if (x.status !== 200 || !m)
      xf.fail('no-answer', {
        url: x.url,
        error:
          x.error ?? `answered ${x.status} without the harness's answer (${x.body.slice(0, 80).trim() || 'empty'})`,
      });
    else if (!m[1]) xf.fail('missing', { web, url: x.url });
    else if (m[1].toLowerCase() !== 'https') xf.fail('wrong', { web, url: x.url, value: m[1], expected: 'https' });
    else xf.note('received', { web, url: x.url, value: m[1] });
  }
  const px = /xfp=\[([^\]]*)\]/.exec(rep.plainXfp.body);
  if (rep.plainXfp.status === 200 && px && px[1].toLowerCase() === 'https')
    xf.fail('plain-labelled-https', { web: rep.plainXfp.by || 'the web server', url: rep.plainXfp.url });

  // live/tls-versions
  const tv = R['live/tls-versions'];
  const results = rep.tls
    .map((t) =>
      t.ok
        ? `${VERSION_NAME[t.version] ?? t.version} accepted (${t.cipher})`
        : `${VERSION_NAME[t.version] ?? t.version} ${t.local ? 'not offered by this client' : `refused (${shortTlsError(t.error)})`}`,
    )
    .join(', ');
  let failed = false;
  for (const t of rep.tls) {
    const v = VERSION_NAME[t.version] ?? t.version;
    const legacy = t.version === 'TLSv1' || t.version === 'TLSv1.1';
    if (t.local) tv.add('client-limited', { version: v, error: t.error ?? '' }, 'info');
    else if (legacy && t.ok) {
      failed = true;
      tv.fail('legacy-accepted', { version: v, cipher: t.cipher ?? '' });
    } else if (!legacy && !t.ok) {
      failed = true;
      tv.fail('modern-refused', { version: v, error: t.error ?? '' });
    }
  }
  if (failed) tv.add('versions', { address: `${ctx.address}`, results }, 'info');
  else tv.note('versions', { address: `${ctx.address}`, results });
}

export async function runSecured(input: LiveInput & { model: Model }): Promise<LiveOutput> {
  const t0 = Date.now();
  const { signal, model, lab } = input;
  const keep = input.keep ?? process.env.WEB_INFRA_LAB_KEEP === '1';
  const timings: Record<string, number> = {};
  const mark = (k: string, since: number): void => void (timings[k] = Date.now() - since);
  const changes: Change[] = [];
  const R = Object.fromEntries(securedMetas.map((m) => [m.id, new ProbeResult(m, model)])) as Record<
    string,
    ProbeResult
  >;
  const rr = R['live/https-round-robin'];
  const all = Object.values(R);
  const skipAll = (reason: string): void => {
    for (const r of all) r.skip(reason);
  };
  const failAll = (id: string, data: Record<string, string | number>): void => {
    for (const r of all) r.fail(id, data);
  };
  let sb: Sandbox | undefined;
  let leftovers: string[] = [];
  const finish = (): LiveOutput => {
    for (const r of all) {
      r.skip('not reached');
      r.done();
    }
    // lab 1's probes, if lab 2 selects them: not run in this topology
    const others = [...(input.only ?? [])].filter((id) => !OWN_IDS.has(id));
    const checks = [
      ...securedMetas.map((m) => R[m.id].toCheck()),
      ...others.map((id): CheckResult => ({
        id,
        title: id,
        component: 'live',
        severity: 'error',
        status: 'skip',
        points: 0,
        maxPoints: 0,
        docsUrl: docsUrl(id),
        kind: 'live',
        durationMs: 0,
        findings: [],
      })),
    ];
    return groupOutput({ metas: securedMetas, input, checks, mode: 'netns', changes, t0, sb, leftovers, timings });
  };

  // 1. the plan, from the model (lab 1's planFromModel: hosts, roles, files at their targets)
  const plan = planFromModel(model, input.tree);
  for (const n of plan.notes) changes.push({ host: n.host, file: n.file, what: n.what });
  // a `crt` outside the stock paths is no risk here: every `crt` is pointed at the run's own PEM (below)
  const refusals = plan.refusals.filter((r) => !/^HAProxy `crt` names a file outside/.test(r.why));
  if (refusals.length) {
    const r = refusals[0];
    failAll('not-started', { host: r.host, server: 'the servers', error: `refused: ${r.path} ${r.why}` });
    return finish();
  }
  const ns = input.mode === 'loopback' ? { ok: false, reason: 'loopback mode requested' } : netnsSupported();
  if (!ns.ok) {
    skipAll(`the HTTPS probes need network namespaces (root), and this run has none: ${ns.reason}`);
    return finish();
  }
  for (const tool of ['openssl', 'haproxy', 'nginx'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) {
      skipAll(`${tool} is not installed`);
      return finish();
    }
  const lbPlan = plan.hosts.find((h) => h.role === 'lb');
  if (!lbPlan || !lbPlan.files.some((f) => f.kind === 'haproxy')) {
    failAll('not-started', {
      host: lbPlan?.name ?? 'the load balancer',
      server: 'HAProxy',
      error: 'no HAProxy configuration found in its host folder',
    });
    return finish();
  }

  // 2. addresses: every host at its sandbox address (the learner's mapped onto them in their files)
  const webPlans = plan.hosts.filter((h) => h.role === 'web');
  const appPlan = plan.hosts.find((h) => h.role === 'app');
  const topo = [lbPlan, ...webPlans, ...(appPlan ? [appPlan] : [])];
  const fwWanted = !!input.only?.has('live/firewall-matrix');
  const appPort = Number(liveOption(lab, 'appPort') ?? 5000);
  const metricsWanted = !!input.only?.has('live/metrics');
  const monitorName = lab.hosts.find((h) => h.role === 'monitor')?.name;
  const monitorPlan = plan.hosts.find((h) => h.name === monitorName);
  // the firewall matrix needs every host's namespace (no server runs on the others: a listener answers there);
  // live/metrics the monitoring host's (it scrapes from there)
  const netHosts = fwWanted
    ? plan.hosts
    : metricsWanted && monitorPlan && !topo.includes(monitorPlan)
      ? [...topo, monitorPlan]
      : topo;
  const skippedHosts = plan.hosts.filter((h) => !netHosts.includes(h)).map((h) => h.name);
  if (skippedHosts.length)
    changes.push({
      host: '*',
      what: `not started for the HTTPS probes (they go through the load balancer to the web servers only): ${skippedHosts.join(', ')}`,
    });
  const mapping = learnerAddressMap(model, lab.hosts);
  for (const h of netHosts) {
    let mapped = 0;
    let named = 0;
    for (const f of h.files) {
      const a = mapAddresses(f.text, mapping.map);
      const n = substituteHostName(a.text, h.name);
      f.text = n.text;
      mapped += a.count;
      named += n.count;
    }
    if (h.unit)
      for (const [k, v] of Object.entries(h.unit.env)) {
        const a = mapAddresses(v, mapping.map);
        h.unit.env[k] = a.text;
        mapped += a.count;
      }
    if (named) changes.push({ host: h.name, what: `your script's $(hostname) is ${h.name} here (${named}x)` });
    if (mapped)
      changes.push({ host: h.name, what: `your addresses in its files mapped onto the sandbox's (${mapped}x)` });
  }
  if (mapping.lines.length)
    changes.push({
      host: '*',
      what: `the sandbox runs each host at its own address, never yours: ${mapping.lines.join(', ')}`,
    });

  // 3. the name, the harness's rewrites of the learner's files (each a change)
  const learnerName = serverNameOf(lbPlan, webPlans);
  const name = learnerName ?? 'www.lab.example.test';
  for (const f of lbPlan.files.filter((x) => x.kind === 'haproxy')) {
    const p = pointCrts(f.text, SANDBOX_PEM);
    f.text = p.text;
    for (const path of new Set(p.paths))
      changes.push({
        host: lbPlan.name,
        file: f.source,
        what: `\`crt ${path}\` -> ${SANDBOX_PEM}: a throwaway certificate for ${name} (and ${lbPlan.address}), signed by the run's own throwaway CA, certificate and key in one PEM, stands in for yours`,
      });
  }
  if (!learnerName)
    changes.push({ host: lbPlan.name, what: `your configuration names no domain: the certificate is for ${name}` });
  for (const w of webPlans)
    for (const f of w.files.filter((x) => x.kind === 'nginx')) {
      const a = addXfpLocation(f.text);
      if (!a.count) continue;
      f.text = a.text;
      changes.push({
        host: w.name,
        file: f.source,
        what: `\`location = ${XFP_PATH}\` added to each server block (${a.count}x): it answers the X-Forwarded-Proto header nginx received (live/x-forwarded-proto)`,
      });
    }
  const headerName = String(liveOption(lab, 'header') ?? '');
  const webPort = Number(liveOption(lab, 'webPort') ?? 80);

  await cleanupStale().catch(() => []);
  sb = new Sandbox('netns', keep);
  const box = sb;
  const stopMemory = memorySampler(box);
  const bounded = async <T>(p: Promise<T>): Promise<T | false> =>
    p.catch((e) => {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
      return false as const;
    });
  let appJob: Promise<void> | undefined;
  try {
    let t = Date.now();
    await box.createNetwork(
      netHosts.map((h) => ({ name: h.name, address: h.address })),
      signal,
    );
    mark('network', t);

    // the firewalls' ufw work, staged in namespaces of their own while the servers start (installUfw moves
    // the rules into the hosts' namespaces after the HTTPS probes, which see no firewall)
    const ufwThere = spawnSync('sh', ['-c', 'command -v ufw && command -v iptables'], { stdio: 'ignore' }).status === 0;
    const fwReport: MatrixReport = {
      add: (id, data, sev) =>
        sev === 'error' ? R['live/firewall-matrix'].fail(id, data) : R['live/firewall-matrix'].note(id, data),
    };
    const metricsUfwReport: MatrixReport = {
      add: (id, data) =>
        changes.push({
          host: String(data.host),
          what:
            id === 'no-firewall'
              ? 'no ufw command found: nothing filters its traffic (live/metrics)'
              : `ufw refused \`${data.command}\`: ${data.error} (live/metrics)`,
        }),
    };
    const ufwStart = Date.now();
    const staged: Promise<StagedUfw> | undefined = !ufwThere
      ? undefined
      : fwWanted
        ? stageUfw({
            box,
            model,
            hosts: matrixHosts(netHosts, appPort, monitorName),
            addressMap: mapping.map,
            changes,
            signal,
            res: fwReport,
          })
        : metricsWanted && monitorPlan
          ? stageUfw({
              box,
              model,
              hosts: topo.filter((h) => h.role === 'lb' || h.role === 'web'),
              addressMap: mapping.map,
              changes,
              signal,
              res: metricsUfwReport,
            })
          : undefined;
    staged?.then(
      () => mark('ufw_staged', ufwStart),
      () => undefined,
    );

    // 4. the certificates: a CA and the server's, its PEM in the load balancer's private /etc/ssl/private
    t = Date.now();
    const certs = makeCa(box.hostDir('_ca'), name, [lbPlan.address]);
    const priv = join(box.hostDir(lbPlan.name), 'etc-ssl-private');
    mkdirSync(priv, { recursive: true, mode: 0o700 });
    writeFileSync(join(priv, SANDBOX_PEM.split('/').pop()!), readFileSync(certs.pem), { mode: 0o600 });
    mark('certificates', t);

    const start = (
      host: string,
      server: string,
      prep: PreparedHost,
      argv: string[],
      env: Record<string, string> = {},
    ): ManagedProcess =>
      box.group.spawn(`${host}/${server}`, box.onHost(host, argv, prep.mounts, { hostname: host }), {
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/tmp', LANG: 'C', ...env },
        cwd: '/',
        graceMs: 3000,
      });
    const ready = async (p: ManagedProcess, port: number, ms: number): Promise<boolean> =>
      !!(await bounded(
        waitFor(`${p.name} listening on ${port}`, () => listening(p.pid, port, { entered: true }) || undefined, {
          timeoutMs: ms,
          signal,
          watch: [p],
        }),
      ));

    // 5. the web tier and the load balancer, together (HAProxy's health checks find the web servers up)
    t = Date.now();
    const webProcs = new Map<string, ManagedProcess>();
    const webJobs = webPlans.map(async (wp) => {
      if (!wp.files.length) {
        changes.push({ host: wp.name, what: 'no Nginx configuration found: the web server is not started' });
        return;
      }
      const prep = prepareWeb(box, wp, changes);
      const p = start(wp.name, 'nginx', prep, prep.argv);
      webProcs.set(wp.name, p);
      if (!(await ready(p, webPort, 4000)))
        changes.push({ host: wp.name, what: `nginx did not start: ${errorText(p.output())}` });
    });
    appJob = (async (): Promise<void> => {
      const folder = labFolder(lab.id);
      if (!appPlan || !lab.app || !folder) return;
      const prep = prepareApp(box, appPlan, join(folder, lab.app), changes);
      const host = appPlan.unit?.env.HOST ?? appPlan.address;
      const port = appPlan.unit?.env.PORT ?? String(liveOption(lab, 'appPort') ?? 5000);
      const p = start(appPlan.name, 'app', prep, prep.argv, { HOST: host, PORT: port });
      if (!(await ready(p, Number(port), 4000)))
        changes.push({ host: appPlan.name, what: `the app server did not start: ${errorText(p.output())}` });
    })();
    // handled here too: an abort while the web servers start must not leave its rejection unhandled
    appJob.catch(() => undefined);
    const lbPrep = prepareLb(box, lbPlan, changes);
    await Promise.all(webJobs);
    const haproxy = start(lbPlan.name, 'haproxy', lbPrep, lbPrep.argv);
    // HAProxy binds every listener before it serves: once one of its ports listens, the other does or never
    // will (read only once it is in its own namespace: `entered`)
    const port = (p: number): boolean => listening(haproxy.pid, p, { entered: true });
    await bounded(
      // (10 s: a loaded machine; a configuration HAProxy refuses ends the wait at once, by its exit)
      waitFor(`${haproxy.name} listening`, () => port(80) || port(443) || undefined, {
        timeoutMs: 10_000,
        signal,
        watch: [haproxy],
      }),
    );
    await bounded(
      waitFor(`${haproxy.name} listening on 80 and 443`, () => (port(80) && port(443)) || undefined, {
        timeoutMs: 300,
        signal,
        watch: [haproxy],
      }),
    );
    const [up80, up443] = [port(80), port(443)];
    mark('haproxy_up', t);
    if (haproxy.exit || (!up80 && !up443)) {
      for (let i = 0; i < 20 && !haproxy.exit; i++) await sleep(50, signal);
      const error = haproxy.exit ? errorText(haproxy.output()) : 'started but listens on neither port 80 nor 443';
      failAll('not-started', { host: lbPlan.name, server: 'HAProxy', error });
      await appJob.catch(() => undefined);
    } else {
      if (!up443) changes.push({ host: lbPlan.name, what: 'HAProxy does not listen on port 443' });
      // both web servers UP in HAProxy's view (bounded: a server that never comes up is the probes' to show)
      const webs = webPlans.map((w) => w.name);
      await bounded(
        waitFor(
          'the web servers UP in HAProxy',
          async () => {
            const rows = parseShowStat(await haproxyCommand(lbPrep.statsSocket, 'show stat').catch(() => ''));
            const upNames = rows.filter((x) => x.status.startsWith('UP')).map((x) => x.svname);
            return webs.every((w) => upNames.includes(w)) || undefined;
          },
          { timeoutMs: 3000, intervalMs: 100, signal, watch: [haproxy] },
        ),
      );
      await appJob.catch(() => undefined);
      mark('servers_up', t);

      // 6. the client: every request, in the client namespace, trusting only the run's CA
      t = Date.now();
      const clientDir = box.hostDir('client');
      chmodSync(clientDir, 0o755);
      writeFileSync(join(clientDir, 'https-client.js'), CLIENT_SCRIPT, { mode: 0o644 });
      writeFileSync(join(clientDir, 'ca.crt'), readFileSync(certs.caCrt), { mode: 0o644 });
      const asNobody = process.getuid?.() === 0 && /^\/(usr|opt)\//.test(process.execPath) ? NOBODY : [];
      const n = Math.max(4, webs.length * 3);
      const res = await box.group.run(
        'client/https',
        box.inNet('client', [
          ...asNobody,
          process.execPath,
          join(clientDir, 'https-client.js'),
          lbPlan.address,
          name,
          join(clientDir, 'ca.crt'),
          headerName,
          XFP_PATH,
          String(n),
        ]),
        { timeoutMs: 60_000, signal },
      );
      mark('client', t);
      const last = res.output.trim().split('\n').pop() ?? '';
      let rep: ClientReport | undefined;
      try {
        rep = JSON.parse(last) as ClientReport;
      } catch {
        rep = undefined;
      }
      if (!rep) {
        rr.status = 'error';
        rr.add('harness-error', { error: `the client printed no result: ${errorText(res.output)}` }, 'error');
        skipAll('the client failed (see live/https-round-robin)');
      } else judge(rep, R, { address: lbPlan.address, name, header: headerName, webs });

      // 7. live/firewall-matrix: the learner's ufw commands by the real ufw, then connections from everywhere
      const fw = R['live/firewall-matrix'];
      if (!fwWanted) fw.skip('not selected');
      else if (!ufwThere) fw.skip('ufw (and iptables) are not installed: apt-get install ufw');
      else {
        t = Date.now();
        await runFirewallMatrix({
          box,
          model,
          hosts: netHosts,
          addressMap: mapping.map,
          appPort,
          monitor: monitorName,
          changes,
          signal,
          res: fwReport,
          mark,
          staged,
        });
        mark('firewall', t);
      }

      // 8. live/metrics: last (it stops a web server), behind the learner's firewall
      const mt = R['live/metrics'];
      if (!metricsWanted) mt.skip('not selected');
      else if (!monitorPlan) mt.skip('the lab has no monitoring host in this submission');
      else {
        t = Date.now();
        if (staged && !fwWanted) {
          // the matrix did not install the firewalls: those of the hosts the internet side tries
          await installUfw(box, await staged, signal);
          mark('metrics_ufw', t);
        }
        await runMetrics({
          box,
          model,
          hosts: plan.hosts,
          mapping: mapping.map,
          monitor: monitorPlan,
          webProcs,
          haproxy,
          statsSocket: lbPrep.statsSocket,
          haproxyCfg: lbPlan.files
            .filter((f) => f.kind === 'haproxy')
            .map((f) => f.text)
            .join('\n'),
          internetNotTried: ufwThere
            ? undefined
            : 'ufw (and iptables) are not installed, so the sandbox cannot apply your firewalls: apt-get install ufw',
          changes,
          signal,
          res: mt,
          mark,
        });
        mark('metrics', t);
      }
      if (haproxy.exit)
        changes.push({ host: lbPlan.name, what: `HAProxy exited during the run: ${errorText(haproxy.output())}` });
    }
  } catch (e) {
    if (e instanceof WaitError && e.reason === 'aborted') skipAll('interrupted');
    else {
      rr.status = 'error';
      rr.add('harness-error', { error: String((e as Error)?.message ?? e) }, 'error');
      skipAll('the sandbox failed (see live/https-round-robin)');
    }
  }
  stopMemory();
  await appJob?.catch(() => undefined);
  for (const n of box.notes) if (!changes.some((c) => c.host === n.host && c.what === n.what)) changes.push(n);
  const td = Date.now();
  const down = await box.teardown({ quick: !!signal?.aborted });
  mark('teardown', td);
  for (const [k, v] of Object.entries(down.steps)) timings[`teardown_${k}`] = v;
  leftovers = down.leftovers;
  if (leftovers.length) {
    rr.status = 'error';
    rr.add('harness-error', { error: `left behind after teardown: ${leftovers.join(', ')}` }, 'error');
  }
  timings.total = Date.now() - t0;
  return finish();
}
