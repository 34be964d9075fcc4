import { defineCheck } from '../context';
import { effective } from '../../model/haproxy';
import { requireBackend, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/forwardfor',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'The web servers learn the client address (option forwardfor)',
    component: 'haproxy',
    severity: 'warning',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      missing:
        "No `option forwardfor` for `{{section}}`: every request reaches the web servers from the load balancer's address, so their logs cannot tell clients apart.",
      'tcp-mode':
        '`{{section}}` runs in `mode tcp`: HAProxy cannot add an `X-Forwarded-For` header there (use `mode http`, or the PROXY protocol).',
    },
    hint: 'Add `option forwardfor` in `defaults` (with `mode http`).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireBackend(ctx, false);
    if (!lb) return;
    const cfg = lb.unit.config;
    const be = lb.backend.section;
    const fe = lb.backend.frontend;
    const mode = effective(cfg, be, 'mode');
    if (mode && mode.line.args[0] === 'tcp') {
      ctx.report({ messageId: 'tcp-mode', data: { section: be.name ?? be.type }, loc: mode.line.span });
      return;
    }
    const on = [be, fe].some((s) => {
      if (!s) return false;
      const e = effective(cfg, s, 'option', 'forwardfor');
      return e !== undefined && !e.negated;
    });
    if (!on) ctx.report({ messageId: 'missing', data: { section: be.name ?? be.type }, loc: be.header.span });
  }),
);
