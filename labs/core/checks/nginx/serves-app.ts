import { defineCheck } from '../context';
import type { NginxDirective, NginxParse } from '../../parsers/nginx/ast';
import { children, expand, LOOPBACK, matchLocation } from '../../model/nginx';
import { fileStart, firstHost, hostByAddress } from '../util';
import { NOT_FOUND, webServers } from './common';

/** `http://10.0.0.13:5000/x` -> host, port (default by scheme), or an upstream name. */
export function parseProxyPass(url: string): { scheme: string; host: string; port?: number; variable: boolean } | undefined {
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/i.exec(url);
  if (!m) return undefined;
  return { scheme: m[1].toLowerCase(), host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : undefined, variable: url.includes('$') };
}

export function upstreamServers(parse: NginxParse, name: string): NginxDirective[] {
  const all: NginxDirective[] = [];
  const visit = (ds: NginxDirective[]) => {
    for (const d of ds) {
      if (d.directive === 'upstream' && d.args[0] === name) all.push(...children(parse, d).filter((x) => x.directive === 'server'));
      else if (d.block) visit(children(parse, d));
    }
  };
  for (const c of parse.configs.slice(0, 1)) visit(expand(parse, c.parsed));
  return all;
}

export default defineCheck(
  {
    id: 'nginx/serves-app',
    title: 'The web servers proxy the application route to the application server',
    component: 'nginx',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND,
      'no-server': '{{host}} has no server on port {{port}}.',
      'no-route': 'No location of {{host}} handles `{{route}}`: requests for the application get a 404 from Nginx.',
      'no-proxy': '`location {{location}}` on {{host}} does not `proxy_pass` to the application server, so `{{route}}` never reaches it.',
      'wrong-host': '`proxy_pass` on {{host}} sends `{{route}}` to {{target}}, not to the application server {{app}} ({{appAddress}}).',
      'loopback': '`proxy_pass` on {{host}} sends `{{route}}` to {{target}}, a loopback address: the application runs on {{app}} ({{appAddress}}), not on the web server.',
      'wrong-port': '`proxy_pass` on {{host}} sends `{{route}}` to port {{port}}, but the application listens on port {{appPort}}.',
      'unknown-upstream': '`proxy_pass` on {{host}} names `{{target}}`, which is neither an `upstream` block nor an address.',
      'variable': '`proxy_pass {{url}}` uses a variable; the target cannot be checked statically.',
    },
    hint: 'Add `location /api/ { proxy_pass http://10.0.0.13:5000; }` (the application server\'s address and port) to the server block.',
  },
  (ctx) => {
    const app = firstHost(ctx, 'app');
    const route = ctx.params.appRoute;
    const appPort = app?.app.find((a) => a.bind?.port)?.bind?.port ?? ctx.params.appPort;
    for (const w of webServers(ctx)) {
      if (!w.main) {
        ctx.report({ messageId: 'no-server', data: { host: w.host.name, port: ctx.params.webPort }, loc: fileStart(w.unit) });
        continue;
      }
      const parse = w.unit.parse;
      const loc = matchLocation(parse, w.main.block.body, route);
      if (!loc) {
        ctx.report({ messageId: 'no-route', data: { host: w.host.name, route }, loc: w.main.block.server.span });
        continue;
      }
      const pp = loc.body.find((d) => d.directive === 'proxy_pass');
      if (!pp) {
        ctx.report({ messageId: 'no-proxy', data: { location: loc.directive.args.join(' '), host: w.host.name, route }, loc: loc.directive.span });
        continue;
      }
      const url = pp.args[0] ?? '';
      const target = parseProxyPass(url);
      const at = pp.argv[0]?.span ?? pp.span;
      if (!target || target.variable) {
        ctx.report({ messageId: 'variable', data: { url }, loc: at, severity: 'warning' });
        continue;
      }
      const data = { host: w.host.name, route, target: target.host + (target.port ? `:${target.port}` : ''), app: app?.name ?? 'app', appAddress: app?.address ?? '', appPort };
      let addrs: Array<{ host: string; port?: number; span: typeof at }> = [{ host: target.host, port: target.port ?? (target.scheme === 'https' ? 443 : 80), span: at }];
      const isAddress = /^[\d.]+$|:/.test(target.host) || hostByAddress(ctx, target.host) !== undefined || target.host === 'localhost';
      if (!isAddress) {
        const ups = upstreamServers(parse, target.host);
        if (ups.length === 0) {
          ctx.report({ messageId: 'unknown-upstream', data, loc: at });
          continue;
        }
        addrs = ups.map((u) => {
          const a = u.args[0] ?? '';
          const i = a.lastIndexOf(':');
          return i > 0 && /^\d+$/.test(a.slice(i + 1)) ? { host: a.slice(0, i), port: Number(a.slice(i + 1)), span: u.argv[0]?.span ?? u.span } : { host: a, port: 80, span: u.argv[0]?.span ?? u.span };
        });
      }
      for (const a of addrs) {
        const h = hostByAddress(ctx, a.host);
        if (LOOPBACK.test(a.host)) ctx.report({ messageId: 'loopback', data: { ...data, target: a.host }, loc: a.span });
        else if (!h || h.role !== 'app') ctx.report({ messageId: 'wrong-host', data: { ...data, target: a.host }, loc: a.span });
        else if (a.port !== appPort) ctx.report({ messageId: 'wrong-port', data: { ...data, port: a.port ?? 80 }, loc: a.span });
      }
    }
  },
);
