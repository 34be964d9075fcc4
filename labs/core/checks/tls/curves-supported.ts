import { defineCheck } from '../context';
import { requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { allBinds, writtenLists } from './haproxy-tls';
import { knownGroup, postQuantumGroup } from './openssl';
import { OPENSSL_SOURCE } from './openssl30.generated';

export default defineCheck(
  {
    id: 'tls/curves-supported',
    reads: ['haproxy'],
    title: "Every TLS group (curve) exists in the servers' OpenSSL (3.0 on Debian 12)",
    component: 'tls',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'post-quantum':
        '`{{name}}` in `{{where}}` is a post-quantum group that OpenSSL {{openssl}} (Debian 12) does not have (it arrived in OpenSSL 3.5): HAProxy stops with "unable to set SSL curves list". Today\'s Mozilla generator adds it for newer OpenSSL; for Debian 12 use `X25519:prime256v1:secp384r1`.',
      unknown:
        '`{{name}}` in `{{where}}` is not a group OpenSSL {{openssl}} knows: HAProxy stops with "unable to set SSL curves list". Use names such as `X25519`, `prime256v1` (P-256) and `secp384r1`.',
    },
    hint: 'In `global`: `ssl-default-bind-curves X25519:prime256v1:secp384r1` (Mozilla intermediate for OpenSSL 3.0).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const openssl = OPENSSL_SOURCE.version.replace(/^OpenSSL\s+(\d+\.\d+).*$/, '$1');
    const lists = writtenLists(cfg, 'curves');
    for (const { bind } of allBinds(cfg))
      for (const o of bind.options)
        if (o.name === 'ecdhe' && o.value !== undefined)
          lists.push({ value: o.value, span: o.span, line: bind.line, where: `bind ${bind.line.args[0] ?? ''}` });
    for (const l of lists) {
      for (const name of l.value.split(':').filter(Boolean)) {
        if (knownGroup(name)) continue;
        ctx.report({
          messageId: postQuantumGroup(name) ? 'post-quantum' : 'unknown',
          data: { name, where: l.where, openssl },
          loc: l.span,
        });
      }
    }
  }),
);
