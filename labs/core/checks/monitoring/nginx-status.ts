import { defineCheck } from '../context';
import { locationsOf, serverBlocks } from '../../model/nginx';
import { hostsWithRole } from '../util';

export default defineCheck(
  {
    id: 'monitoring/nginx-status',
    reads: ['nginx'],
    title: "The web servers' stub_status is readable by the monitoring only",
    component: 'monitoring',
    severity: 'error',
    points: 1,
    messages: {
      'not-used':
        'No web server serves `stub_status`: the nginx metrics come from elsewhere (or nowhere: see monitoring/collectors).',
      unrestricted:
        '`location {{path}}` on {{host}} serves stub_status to everyone: no `allow`/`deny` in it. Let in only the monitoring (and 127.0.0.1 for a local exporter): `allow 10.0.0.30; deny all;`.',
      'no-deny':
        '`location {{path}}` on {{host}} allows some addresses but never says `deny all;`: nginx lets every other address in too.',
    },
    hint: 'location = /nginx_status { stub_status; allow 127.0.0.1; allow <monitor-01 address>; deny all; }',
  },
  (ctx) => {
    let seen = false;
    for (const host of hostsWithRole(ctx, 'web'))
      for (const unit of host.nginx)
        for (const sb of serverBlocks(unit.parse))
          for (const loc of locationsOf(unit.parse, sb.body)) {
            if (!loc.body.some((d) => d.directive === 'stub_status')) continue;
            seen = true;
            const allows = loc.body.filter((d) => d.directive === 'allow');
            const denyAll = loc.body.some((d) => d.directive === 'deny' && d.args[0] === 'all');
            const data = { path: `${loc.modifier ? `${loc.modifier} ` : ''}${loc.path}`, host: host.name };
            if (!allows.length && !denyAll) ctx.report({ messageId: 'unrestricted', data, loc: loc.directive.span });
            else if (!denyAll) ctx.report({ messageId: 'no-deny', data, loc: loc.directive.span });
          }
    if (!seen) ctx.skip('not-used');
  },
);
