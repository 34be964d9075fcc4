import { defineCheck } from '../context';
import { serversOf } from '../../model/haproxy';
import { hostByAddress, hostsWithRole, requireBackend, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort, webPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/two-web-servers',
    reads: ['haproxy'],
    options: { lbPort, webPort },
    title: 'The backend has both web servers',
    component: 'haproxy',
    severity: 'error',
    points: 3,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-backend': 'No backend with servers was found; the design needs one with web-01 and web-02.',
      'too-few':
        'Backend `{{backend}}` has {{count}} server(s); the design spreads the load over {{expected}} web servers ({{names}}).',
      'no-address': 'Server `{{name}}` has no address, so HAProxy cannot send it anything.',
      'same-address':
        'Servers `{{name}}` and `{{other}}` have the same address {{address}}: that is one web server, not two.',
      'unknown-address':
        'Server `{{name}}` points at {{address}}, which is not a web server of the inventory ({{expected}}).',
      'missing-host': 'No server of backend `{{backend}}` points at {{host}} ({{address}}).',
      'wrong-port': 'Server `{{name}}` sends to port {{port}}, but the web servers listen on port {{webPort}}.',
    },
    hint: 'List each web server with its address and port: `server web-01 10.0.0.11:80 check` and `server web-02 10.0.0.12:80 check`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireBackend(ctx);
    if (!lb) return;
    const be = lb.backend.section;
    const bname = be.name ?? be.type;
    const webs = hostsWithRole(ctx, 'web');
    const servers = serversOf(be);
    const seen = new Map<string, string>();
    const covered = new Set<string>();
    // A web server the learner's files never name keeps the lab's default address, which belongs to the sandbox,
    // not to the answer: a server at an address the inventory does not know stands for it (one each, in order).
    const hostOf = servers.map((s) => (s.address ? hostByAddress(ctx, s.address) : undefined));
    const known = new Set(hostOf.filter((h) => h?.role === 'web'));
    const unnamed = webs.filter((w) => w.addressOrigin === 'default' && !known.has(w));
    for (const [i, s] of servers.entries()) {
      if (!s.address) {
        ctx.report({ messageId: 'no-address', data: { name: s.name }, loc: s.line.span });
        continue;
      }
      const prev = seen.get(s.address);
      if (prev !== undefined)
        ctx.report({
          messageId: 'same-address',
          data: { name: s.name, other: prev, address: s.address },
          loc: s.addressSpan ?? s.line.span,
        });
      seen.set(s.address, s.name);
      const h = hostOf[i];
      if (!h && prev === undefined && unnamed.length) covered.add(unnamed.shift()!.name);
      else if (!h || h.role !== 'web') {
        ctx.report({
          messageId: 'unknown-address',
          data: { name: s.name, address: s.address, expected: webs.map((w) => `${w.name} ${w.address}`).join(', ') },
          loc: s.addressSpan ?? s.line.span,
        });
      } else covered.add(h.name);
      if (s.port !== undefined && s.port !== ctx.options.webPort) {
        ctx.report({
          messageId: 'wrong-port',
          data: { name: s.name, port: s.port, webPort: ctx.options.webPort },
          loc: s.addressSpan ?? s.line.span,
        });
      }
    }
    const withAddr = servers.filter((s) => s.address).length;
    if (servers.length < webs.length) {
      ctx.report({
        messageId: 'too-few',
        data: {
          backend: bname,
          count: servers.length,
          expected: webs.length,
          names: webs.map((w) => w.name).join(', '),
        },
        loc: be.header.span,
      });
      return;
    }
    if (withAddr >= webs.length) {
      for (const w of webs) {
        if (!covered.has(w.name))
          ctx.report({
            messageId: 'missing-host',
            data: { backend: bname, host: w.name, address: w.address },
            loc: be.header.span,
          });
      }
    }
  }),
);
