import { defineCheck } from '../context';
import { effective } from '../../model/haproxy';
import { requireBackend, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/backend-roundrobin',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'The web backend distributes round-robin',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-backend': 'No backend with servers was found, so there is nothing to balance.',
      'wrong-algorithm':
        'Backend `{{backend}}` uses `balance {{algorithm}}`; the design asks for round-robin (`balance roundrobin`).',
      'default-algorithm':
        'Backend `{{backend}}` has no `balance` line: HAProxy then uses roundrobin, its default. Writing `balance roundrobin` states it for the reader.',
    },
    hint: 'Write `balance roundrobin` in the backend your frontend uses (or in `defaults`).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireBackend(ctx);
    if (!lb) return;
    const be = lb.backend.section;
    const bal = effective(lb.unit.config, be, 'balance');
    const name = be.name ?? be.type;
    if (!bal || bal.negated) {
      ctx.report({ messageId: 'default-algorithm', data: { backend: name }, loc: be.header.span, severity: 'info' });
      return;
    }
    const algo = (bal.line.args[0] ?? '').toLowerCase();
    if (algo !== 'roundrobin')
      ctx.report({
        messageId: 'wrong-algorithm',
        data: { backend: name, algorithm: bal.line.args.join(' ') },
        loc: bal.line.words[1]?.span ?? bal.line.span,
      });
  }),
);
