import { defineCheck } from '../context';
import { defaultServerOptions } from '../../model/haproxy';
import { requireBackendServers, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/health-checks',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'Every web server is health-checked',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-servers': 'The web backend has no servers to health-check.',
      'no-check':
        'Server `{{name}}` has no `check`: if it goes down, HAProxy keeps sending it requests and users get errors.',
    },
    hint: 'Add `check` at the end of each `server` line (or `default-server check` once in the backend).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireBackendServers(ctx);
    if (!lb) return;
    const { section: be, servers } = lb;
    const defaultCheck = defaultServerOptions(lb.unit.config, be).includes('check');
    for (const s of servers) {
      const opts = s.options;
      const on = (opts.includes('check') || defaultCheck) && !opts.includes('no-check');
      if (!on) ctx.report({ messageId: 'no-check', data: { name: s.name }, loc: s.line.span });
    }
  }),
);
