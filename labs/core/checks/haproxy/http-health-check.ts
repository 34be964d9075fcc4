import { defineCheck } from '../context';
import { effective, linesOf } from '../../model/haproxy';
import { requireBackend, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/http-health-check',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'Health checks ask for a page (option httpchk)',
    component: 'haproxy',
    severity: 'warning',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'tcp-only':
        'Backend `{{backend}}` checks its servers with a TCP connection only: a web server that accepts connections but answers errors still counts as up.',
      'expect-without-httpchk': '`http-check {{what}}` has no effect without `option httpchk`.',
    },
    hint: 'Add `option httpchk GET /` (and `http-check expect status 200`) to the backend.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireBackend(ctx, false);
    if (!lb) return;
    const be = lb.backend.section;
    const e = effective(lb.unit.config, be, 'option', 'httpchk');
    if (!e || e.negated) {
      const hc = linesOf(be, 'http-check')[0];
      if (hc) ctx.report({ messageId: 'expect-without-httpchk', data: { what: hc.args[0] ?? '' }, loc: hc.span });
      ctx.report({ messageId: 'tcp-only', data: { backend: be.name ?? be.type }, loc: be.header.span });
    }
  }),
);
