import { defineCheck } from '../context';
import type { NginxDirective, NginxParse } from '../../parsers/nginx/ast';
import { children, LOOPBACK, matchLocation, upstreamBlocks } from '../../model/nginx';
import { fileStart, firstHost, hostByAddress } from '../util';
import { NOT_FOUND, webServers } from './common';
import { webPort, appRoute, appPort } from '../shared-options';

/** `http://10.0.0.13:5000/x` -> host, port (default by scheme), or an upstream name. */
export function parseProxyPass(
  url: string,
): { scheme: string; host: string; port?: number; variable: boolean } | undefined {
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/i.exec(url);
  if (!m) return undefined;
  return {
    scheme: m[1].toLowerCase(),
    host: m[2].replace(/^\[|\]$/g, ''),
    port: m[3] ? Number(m[3]) : undefined,
    variable: url.includes('$'),
  };
}

export function upstreamServers(parse: NginxParse, name: string): NginxDirective[] {
  return upstreamBlocks(parse, name).flatMap((u) => children(parse, u).filter((x) => x.directive === 'server'));
}

export default defineCheck(
  {
    id: 'nginx/serves-app',
    reads: ['nginx'],
    options: { webPort, appRoute, appPort },
    title: 'The web servers proxy the application route to the application server',
    component: 'nginx',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND,
      'no-server': '{{host}} has no server on port {{port}}.',
      'no-route': 'No location of {{host}} handles `{{route}}`: requests for the application get a 404 from Nginx.',
      'no-proxy':
        '`location {{location}}` on {{host}} does not `proxy_pass` to the application server, so `{{route}}` never reaches it.',
      'wrong-host':
        '`proxy_pass` on {{host}} sends `{{route}}` to {{target}}, not to the application server {{app}} ({{appAddress}}).',
      loopback:
        '`proxy_pass` on {{host}} sends `{{route}}` to {{target}}, a loopback address: the application runs on {{app}} ({{appAddress}}), not on the web server.',
      'wrong-port':
        '`proxy_pass` on {{host}} sends `{{route}}` to port {{port}}, but the application listens on port {{appPort}}.',
      'unknown-upstream':
        '`proxy_pass` on {{host}} names `{{target}}`, which is neither an `upstream` block nor an address.',
      variable: '`proxy_pass {{url}}` uses a variable; the target cannot be checked statically.',
      'app-on-web':
        "`proxy_pass` on {{host}} sends `{{route}}` to {{target}}, on the web server itself: fine when the application runs on each web server, as this submission has no separate application host; the lab's design puts it on its own host ({{app}}).",
      'other-route':
        "{{host}} does not proxy `{{route}}`, the lab's application route; it proxies {{routes}} to the application instead. Requests for `{{route}}` do not reach it.",
    },
    hint: "Add `location /api/ { proxy_pass http://10.0.0.13:5000; }` (the application server's address and port) to the server block.",
  },
  (ctx) => {
    const app = firstHost(ctx, 'app');
    const route = ctx.options.appRoute;
    const declaredPort = app?.app.find((a) => a.bind?.port)?.bind?.port;
    const appPort = declaredPort ?? ctx.options.appPort;
    // A separate application host is part of the answer only when the learner declares one (an app
    // folder, or an inventory entry). Without one, running the app on each web server and proxying to
    // loopback is a legitimate topology: the route is judged, the port is the learner's.
    const appDeclared = !!app && (app.present || app.addressOrigin === 'inventory');
    for (const w of webServers(ctx)) {
      if (!w.main) {
        ctx.report({
          messageId: 'no-server',
          data: { host: w.host.name, port: ctx.options.webPort },
          loc: fileStart(w.unit),
        });
        continue;
      }
      const parse = w.unit.parse;
      const loc = matchLocation(parse, w.main.block.body, route);
      const pp = loc?.body.find((d) => d.directive === 'proxy_pass');
      if (!pp && !appDeclared) {
        const others = proxiedLocations(parse, w.main.block.body);
        if (others.length) {
          const routes = others.map((o) => `\`${o.loc.directive.args.join(' ')}\``).join(', ');
          ctx.report({
            messageId: 'other-route',
            data: { host: w.host.name, route, routes },
            loc: others[0].loc.directive.span,
            severity: 'warning',
          });
          continue;
        }
      }
      if (!loc) {
        ctx.report({ messageId: 'no-route', data: { host: w.host.name, route }, loc: w.main.block.server.span });
        continue;
      }
      if (!pp) {
        ctx.report({
          messageId: 'no-proxy',
          data: { location: loc.directive.args.join(' '), host: w.host.name, route },
          loc: loc.directive.span,
        });
        continue;
      }
      const url = pp.args[0] ?? '';
      const target = parseProxyPass(url);
      const at = pp.argv[0]?.span ?? pp.span;
      if (!target || target.variable) {
        ctx.report({ messageId: 'variable', data: { url }, loc: at, severity: 'warning' });
        continue;
      }
      const data = {
        host: w.host.name,
        route,
        target: target.host + (target.port ? `:${target.port}` : ''),
        app: app?.name ?? 'app',
        appAddress: app?.address ?? '',
        appPort,
      };
      let addrs: Array<{ host: string; port?: number; span: typeof at }> = [
        { host: target.host, port: target.port ?? (target.scheme === 'https' ? 443 : 80), span: at },
      ];
      const isAddress =
        /^[\d.]+$|:/.test(target.host) || hostByAddress(ctx, target.host) !== undefined || target.host === 'localhost';
      if (!isAddress) {
        const ups = upstreamServers(parse, target.host);
        if (ups.length === 0) {
          ctx.report({ messageId: 'unknown-upstream', data, loc: at });
          continue;
        }
        addrs = ups.map((u) => {
          const a = u.args[0] ?? '';
          const i = a.lastIndexOf(':');
          return i > 0 && /^\d+$/.test(a.slice(i + 1))
            ? { host: a.slice(0, i), port: Number(a.slice(i + 1)), span: u.argv[0]?.span ?? u.span }
            : { host: a, port: 80, span: u.argv[0]?.span ?? u.span };
        });
      }
      // the port is judged when the learner says where the app listens, or runs it on its own host
      const judgePort = appDeclared || declaredPort !== undefined;
      for (const a of addrs) {
        const h = hostByAddress(ctx, a.host);
        if (LOOPBACK.test(a.host)) {
          if (appDeclared) ctx.report({ messageId: 'loopback', data: { ...data, target: a.host }, loc: a.span });
          else {
            ctx.report({
              messageId: 'app-on-web',
              data: { ...data, target: a.host + (a.port ? `:${a.port}` : '') },
              loc: a.span,
              severity: 'info',
            });
            if (declaredPort !== undefined && a.port !== appPort)
              ctx.report({ messageId: 'wrong-port', data: { ...data, port: a.port ?? 80 }, loc: a.span });
          }
        } else if (!h || h.role !== 'app')
          ctx.report({ messageId: 'wrong-host', data: { ...data, target: a.host }, loc: a.span });
        else if (judgePort && a.port !== appPort)
          ctx.report({ messageId: 'wrong-port', data: { ...data, port: a.port ?? 80 }, loc: a.span });
      }
    }
  },
);

/** Locations of a server (nested ones too) that proxy somewhere: the learner's application routes. */
function proxiedLocations(parse: NginxParse, body: NginxDirective[]): Array<{ loc: { directive: NginxDirective } }> {
  const out: Array<{ loc: { directive: NginxDirective } }> = [];
  const stack: NginxDirective[] = [...body].reverse();
  while (stack.length) {
    const d = stack.pop()!;
    if (d.directive !== 'location' || !d.block) continue;
    const inner = children(parse, d);
    if (inner.some((x) => x.directive === 'proxy_pass' && /^https?:\/\//i.test(x.args[0] ?? '')))
      out.push({ loc: { directive: d } });
    stack.push(...inner.filter((x) => x.directive === 'location').reverse());
  }
  return out;
}
