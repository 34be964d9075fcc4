import { defineCheck } from '../context';
import { addressHasPort, frontendsOnPort, linesOf, parseBindAddresses } from '../../model/haproxy';
import { fileStart, requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/frontend-port-80',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'A frontend binds port 80',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-frontend':
        'No frontend or listen section binds port {{port}}, so the load balancer does not accept the web traffic.',
      'wrong-port': 'Frontend `{{name}}` binds {{bind}}, not port {{port}}.',
      'no-bind': 'Frontend `{{name}}` has no `bind` line: it listens nowhere.',
      'listen-address':
        '`listen {{name}} {{address}}` gives its address on the section line, as HAProxy 1.x did: it binds port {{port}} there, but HAProxy 2.x refuses the line (see haproxy/valid-config). Write `bind {{address}}` inside the section.',
      loopback: 'Frontend `{{name}}` binds {{bind}}, a loopback address: clients on the network cannot reach it.',
    },
    hint: 'Add a frontend with `bind *:80` (or `bind :80`) and a `default_backend` naming your web backend.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const port = ctx.options.lbPort;
    const found = frontendsOnPort(lb.unit.config, port);
    if (found.length) {
      for (const f of found) {
        if (/^(127\.|localhost$|::1$)/.test(f.address.host ?? '')) {
          ctx.report({
            messageId: 'loopback',
            data: { name: f.section.name ?? f.section.type, bind: f.bind.args[0] ?? '' },
            loc: f.bind.span,
          });
        }
      }
      return;
    }
    const fes = lb.unit.config.sections.filter((s) => s.type === 'frontend' || s.type === 'listen');
    let specific = false;
    for (const fe of fes) {
      const binds = linesOf(fe, 'bind');
      // HAProxy 1.x's `listen NAME ADDRESS:PORT` (learners who install 1.5 write it): it does bind the port
      const old = fe.type === 'listen' && binds.length === 0 ? fe.args[0] : undefined;
      if (old && parseBindAddresses(old).some((a) => addressHasPort(a, port))) {
        ctx.report({
          messageId: 'listen-address',
          data: { name: fe.name ?? fe.type, address: old, port },
          loc: fe.header.span,
          severity: 'warning',
        });
        specific = true;
        continue;
      }
      if (binds.length === 0) {
        ctx.report({ messageId: 'no-bind', data: { name: fe.name ?? fe.type }, loc: fe.header.span });
        specific = true;
      }
      for (const b of binds) {
        if (parseBindAddresses(b.args[0] ?? '').length) {
          ctx.report({
            messageId: 'wrong-port',
            data: { name: fe.name ?? fe.type, bind: b.args[0] ?? '', port },
            loc: b.words[1]?.span ?? b.span,
          });
          specific = true;
        }
      }
    }
    if (!specific) ctx.report({ messageId: 'no-frontend', data: { port }, loc: fileStart(lb.unit) });
  }),
);
