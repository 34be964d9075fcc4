import { defineCheck } from '../context';
import { defaultServerOptions } from '../../model/haproxy';
import { requireBackendServers, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/active-active',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'Both web servers are active (no backup)',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-servers': 'The web backend has no servers, so there is nothing active.',
      backup:
        'Server `{{name}}` is marked `backup`: it only gets traffic when every other server is down. That is an active-passive setup; the design is active-active (both serve at once).',
      'one-active':
        'Backend `{{backend}}` has {{count}} active server(s) ({{names}}): active-active needs at least two servers taking traffic at once.',
      'default-backup':
        '`default-server` marks every server `backup`: none takes traffic while the others are up. The design is active-active.',
    },
    hint: 'Remove `backup` from the server lines so that both web servers share the load.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireBackendServers(ctx);
    if (!lb) return;
    const { section: be, servers } = lb;
    if (defaultServerOptions(lb.unit.config, be).includes('backup')) {
      const ds = be.lines.find((l) => l.keyword === 'default-server' && l.args.includes('backup'));
      ctx.report({ messageId: 'default-backup', loc: ds?.span ?? be.header.span });
    }
    const allBackup = defaultServerOptions(lb.unit.config, be).includes('backup');
    let backups = 0;
    for (const s of servers) {
      const i = s.options.indexOf('backup');
      if (i !== -1) {
        backups++;
        ctx.report({
          messageId: 'backup',
          data: { name: s.name },
          loc: s.line.words[i + (s.address ? 3 : 2)]?.span ?? s.line.span,
        });
      }
    }
    // A backend with one server (or one and a backup) is not active-active, whatever else it says.
    const active = allBackup
      ? []
      : servers.filter((s) => !s.options.includes('backup') && !s.options.includes('disabled'));
    if (active.length === 1 && servers.length - backups <= 1) {
      ctx.report({
        messageId: 'one-active',
        data: { backend: be.name ?? be.type, count: active.length, names: active.map((s) => s.name).join(', ') },
        loc: active[0].line.span,
      });
    }
  }),
);
