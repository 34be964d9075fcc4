import { defineCheck } from '../context';
import type { NginxDirective } from '../../parsers/nginx/ast';
import { effectiveList, levelsAt, locationsOf, type Location } from '../../model/nginx';
import { fileStart } from '../util';
import { NOT_FOUND, webServers } from './common';
import { HOST_NAME_SYMBOL } from '../../parsers/shell/symbols';
import { webPort, header } from '../shared-options';

/**
 * Values that name the host that answers: Nginx's `$hostname` (variable names are case-insensitive:
 * `$HOSTNAME` sends the same value, nginx 1.22 verified), also as `${hostname}`, and the name a
 * provisioning script wrote with `$(hostname)` / bash's `$HOSTNAME` (HOST_NAME_SYMBOL in the
 * reconstructed file: the script runs on each host and writes that host's own name).
 */
export function namesThisHost(value: string): boolean {
  const v = value.toLowerCase();
  return v === '$hostname' || v === '${hostname}' || value === HOST_NAME_SYMBOL;
}

export default defineCheck(
  {
    id: 'nginx/x-served-by',
    reads: ['nginx'],
    options: { webPort, header },
    title: 'Responses name the web server that answered (X-Served-By)',
    component: 'nginx',
    severity: 'error',
    points: 3,
    messages: {
      'not-found': NOT_FOUND,
      'no-server': '{{host}} has no server on port {{port}} to add the header to.',
      missing: '{{host}} does not add `{{header}}` to its responses, so nobody can see which web server answered.',
      colon:
        '`add_header {{name}}` names a header with the colon in it: Nginx sends `{{name}}: ...`, a header called `{{name}}`, which no client reads as `{{header}}`. Write the name without the colon: `add_header {{header}} $hostname;`.',
      'default-site':
        "Port {{port}} on {{host}} is answered by the package's default site ({{target}}, which the script leaves enabled and which is `default_server`), not by your server block, and it does not add `{{header}}`. Remove it (`rm /etc/nginx/sites-enabled/default`) or make your server the default one.",
      'missing-location': 'Requests matching `location {{location}}` on {{host}} get no `{{header}}` header.',
      dropped:
        '`location {{location}}` on {{host}} has its own `add_header`, so Nginx drops every `add_header` of the server level there, `{{header}}` included.',
      'dropped-related': 'the server-level `add_header {{header}}` that the location drops',
      'not-naming': '`{{header}}` is set to `{{value}}`, which does not name the server ({{host}}); use `$hostname`.',
      'wrong-host': '`{{header}}` on {{host}} says `{{value}}`: that names another host.',
    },
    hint: 'Add `add_header X-Served-By $hostname always;` in the server block, and repeat it in any location that has its own `add_header`.',
  },
  (ctx) => {
    const header = ctx.options.header.toLowerCase();
    const webs = webServers(ctx);
    for (const w of webs) {
      if (!w.main) {
        ctx.report({
          messageId: 'no-server',
          data: { host: w.host.name, port: ctx.options.webPort },
          loc: fileStart(w.unit),
        });
        continue;
      }
      const { block } = w.main;
      const parse = w.parse;
      const isHeader = (d: NginxDirective) => (d.args[0] ?? '').toLowerCase() === header;
      const serverLevel = effectiveList(levelsAt(block, undefined, parse), 'add_header');
      const serverHeader = serverLevel.directives.find(isHeader);
      const locs = locationsOf(parse, block.body);
      const checkValue = (d: NginxDirective) => {
        const v = d.args[1] ?? '';
        if (namesThisHost(v)) return;
        const lv = v.toLowerCase();
        // the host's name written out: `web-01`, its address, `web-01.example.tech`, or a course's machine name
        // ending in it (`358732-web-01`, as ALX names the servers it gives learners)
        const names = (h: { name: string; address: string }) => {
          const label = lv.split('.')[0]!;
          const n = h.name.toLowerCase();
          return lv === h.address || label === n || label.endsWith(`-${n}`) || label.endsWith(`_${n}`);
        };
        if (names(w.host)) return;
        const other = webs.find((o) => o !== w && names(o.host));
        ctx.report({
          messageId: other ? 'wrong-host' : 'not-naming',
          data: { header: ctx.options.header, value: v, host: w.host.name },
          loc: d.argv[1]?.span ?? d.span,
        });
      };
      if (serverHeader) checkValue(serverHeader);
      const coversAll = locs.some((l) => l.parent === undefined && l.modifier === '' && l.path === '/');
      const missingAt: Location[] = [];
      for (const l of locs) {
        const eff = effectiveList(levelsAt(block, l, parse), 'add_header');
        const own = eff.directives.find(isHeader);
        if (own) {
          if (own !== serverHeader) checkValue(own);
          continue;
        }
        if (serverHeader && eff.level > serverLevel.level) {
          const first = eff.directives[0];
          ctx.report({
            messageId: 'dropped',
            data: { location: l.directive.args.join(' '), host: w.host.name, header: ctx.options.header },
            loc: first?.span ?? l.directive.span,
            related: [{ loc: serverHeader.span, messageId: 'dropped-related', data: { header: ctx.options.header } }],
          });
        } else missingAt.push(l);
      }
      if (
        !serverHeader &&
        (missingAt.length === locs.length || !coversAll) &&
        !locs.some((l) => effectiveList(levelsAt(block, l, parse), 'add_header').directives.some(isHeader))
      ) {
        // the name written with a colon (`add_header X-Served-By: web-01;`): Nginx sends `X-Served-By:: web-01`
        const colon = serverLevel.directives.find((d) => (d.args[0] ?? '').toLowerCase() === `${header}:`);
        if (colon) {
          ctx.report({
            messageId: 'colon',
            data: { header: ctx.options.header, name: colon.args[0] ?? '' },
            loc: colon.argv[0]?.span ?? colon.span,
          });
          continue;
        }
        // the package's default site, left enabled, answers before the learner's own server block
        const stock = w.unit.file.reason.startsWith('installed by') && w.blocks.some((b) => b !== block);
        ctx.report({
          messageId: stock ? 'default-site' : 'missing',
          data: stock
            ? {
                host: w.host.name,
                header: ctx.options.header,
                port: ctx.options.webPort,
                target: w.unit.file.target ?? '',
              }
            : { host: w.host.name, header: ctx.options.header },
          loc: block.server.span,
        });
        continue;
      }
      for (const l of missingAt) {
        ctx.report({
          messageId: 'missing-location',
          data: { location: l.directive.args.join(' '), host: w.host.name, header: ctx.options.header },
          loc: l.directive.span,
        });
      }
    }
  },
);
