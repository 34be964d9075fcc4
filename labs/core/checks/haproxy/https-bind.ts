import { defineCheck } from '../context';
import { fileStart, requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { allBinds, bindsPort, HTTPS_PORT, isHttpMode, option, sectionName } from '../tls/haproxy-tls';
import { getMode } from '../../model/haproxy';

export default defineCheck(
  {
    id: 'haproxy/https-bind',
    reads: ['haproxy'],
    title: 'An HTTP-mode frontend terminates HTTPS on port 443 (bind :443 ssl crt)',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-https':
        'No frontend binds port 443 with `ssl crt`, so the load balancer does not accept HTTPS: add `bind *:443 ssl crt /etc/haproxy/certs/<site>.pem` to the frontend that serves the site.',
      'no-ssl':
        '`{{bind}}` binds port 443 without `ssl`: HAProxy reads the TLS handshake as plain HTTP and every HTTPS request fails. Add `ssl crt /etc/haproxy/certs/<site>.pem` to this line.',
      'no-crt':
        '`{{bind}}` has `ssl` but no `crt`: HAProxy has no certificate to present and refuses to start. Add `crt /etc/haproxy/certs/<site>.pem` (the certificate and its key in one file, or a folder of such files).',
      'wrong-port':
        '`{{bind}}` terminates TLS on another port than 443: browsers open https:// URLs on port 443, so bind `*:443 ssl crt ...`.',
      'tcp-mode':
        '{{type}} `{{name}}` terminates TLS on port 443 but runs in `mode {{mode}}`: HAProxy then only relays bytes, so it cannot redirect, add headers or balance HTTP requests. Set `mode http` (in `defaults` or in the section).',
    },
    hint: 'In the frontend that serves the site (mode http): `bind *:443 ssl crt /etc/haproxy/certs/<site>.pem` beside `bind *:80`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const binds = allBinds(cfg);
    const on443 = binds.filter((b) => bindsPort(b.bind, HTTPS_PORT));
    const good = on443.filter((b) => b.bind.ssl && (option(b.bind, 'crt') || option(b.bind, 'crt-list')));
    const httpGood = good.filter((b) => isHttpMode(cfg, b.section));
    if (httpGood.length) return;
    if (good.length) {
      for (const b of good) {
        const m = getMode(cfg, b.section);
        ctx.report({
          messageId: 'tcp-mode',
          data: { type: b.section.type, name: sectionName(b.section), mode: m?.value ?? 'tcp' },
          loc: m && !m.inherited ? m.line.span : b.section.header.span,
        });
      }
      return;
    }
    let specific = false;
    for (const b of on443) {
      const data = { bind: `bind ${b.bind.line.args.join(' ')}` };
      ctx.report({ messageId: b.bind.ssl ? 'no-crt' : 'no-ssl', data, loc: b.bind.line.span });
      specific = true;
    }
    if (!specific) {
      for (const b of binds.filter((x) => x.bind.ssl)) {
        ctx.report({
          messageId: 'wrong-port',
          data: { bind: `bind ${b.bind.line.args[0] ?? ''}` },
          loc: b.bind.line.words[1]?.span ?? b.bind.line.span,
        });
        specific = true;
      }
    }
    if (!specific) ctx.report({ messageId: 'no-https', loc: fileStart(lb.unit) });
  }),
);
