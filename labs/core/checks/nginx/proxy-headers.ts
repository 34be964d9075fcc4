import { defineCheck } from '../context';
import { effectiveList, levelsAt, matchLocation } from '../../model/nginx';
import { webServers } from './common';
import type { NginxDirective } from '../../parsers/nginx/ast';
import { webPort, appRoute } from '../shared-options';

/** What Debian 12's /etc/nginx/proxy_params sets (nginx-common 1.22.1, current security update). */
const STOCK_PROXY_PARAMS: Array<[string, string]> = [
  ['Host', '$host'],
  ['X-Real-IP', '$remote_addr'],
  ['X-Forwarded-For', '$proxy_add_x_forwarded_for'],
  ['X-Forwarded-Proto', '$scheme'],
];

/**
 * A level's directives with `include proxy_params;` (the distribution's file, not in the submission)
 * read as the `proxy_set_header` lines it holds, at the include's place: so inheritance works as in Nginx
 * (a location that includes it sets its own headers) and the headers it sets count.
 */
function withStockProxyParams(level: NginxDirective[]): NginxDirective[] {
  return level.flatMap((d) =>
    d.directive === 'include' &&
    d.args[0]?.replace(/^(\.\/|\/etc\/nginx\/)/, '') === 'proxy_params' &&
    !d.includes?.length
      ? STOCK_PROXY_PARAMS.map(([h, v]) => ({ ...d, directive: 'proxy_set_header', args: [h, v] }))
      : [d],
  );
}

export default defineCheck(
  {
    id: 'nginx/proxy-headers',
    reads: ['nginx'],
    options: { webPort, appRoute },
    title: 'The application learns the original host and client',
    component: 'nginx',
    severity: 'warning',
    points: 1,
    messages: {
      'no-host':
        'The proxied route on {{host}} does not set `Host`: the application receives `Host: {{upstream}}` instead of the name the client asked for.',
      'http-host':
        "`proxy_set_header Host $http_host` on {{host}} passes the client's header as is (and nothing when it is absent); `$host` is normalised and never empty.",
      'no-forwarded-for':
        "The proxied route on {{host}} does not set `X-Forwarded-For`: the application only sees the web server's address.",
    },
    hint: 'In the application location: `proxy_set_header Host $host;` and `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`.',
  },
  (ctx) => {
    for (const w of webServers(ctx, false)) {
      if (!w.main) continue;
      const parse = w.unit.parse;
      const loc = matchLocation(parse, w.main.block.body, ctx.options.appRoute);
      const pp = loc?.body.find((d) => d.directive === 'proxy_pass');
      if (!loc || !pp) continue;
      const eff = effectiveList(
        levelsAt(w.main.block, loc, parse).map(withStockProxyParams),
        'proxy_set_header',
      ).directives;
      const get = (name: string) => eff.find((d) => (d.args[0] ?? '').toLowerCase() === name);
      const host = get('host');
      if (!host)
        ctx.report({
          messageId: 'no-host',
          data: { host: w.host.name, upstream: (pp.args[0] ?? '').replace(/^https?:\/\//, '').replace(/\/.*$/, '') },
          loc: pp.span,
        });
      else if (host.args[1] === '$http_host')
        ctx.report({ messageId: 'http-host', data: { host: w.host.name }, loc: host.span });
      if (!get('x-forwarded-for'))
        ctx.report({ messageId: 'no-forwarded-for', data: { host: w.host.name }, loc: pp.span });
    }
  },
);
