import { defineCheck } from '../context';
import { requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { bindList, sectionName, tlsBinds } from './haproxy-tls';
import { evalCipherString, pskCipher, strongCipher, weakness } from './openssl';

export default defineCheck(
  {
    id: 'tls/ciphers-strong',
    reads: ['haproxy'],
    title: 'TLS 1.2 cipher suites are forward secret and AEAD (Mozilla intermediate)',
    component: 'tls',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      weak: '`{{list}}` lets TLS 1.2 clients use {{count}} suite(s) without forward secrecy or authenticated (AEAD) encryption, e.g. {{examples}}: a stolen key decrypts recorded traffic, or CBC padding attacks apply. Use only ECDHE with AES-GCM or ChaCha20 (Mozilla intermediate).',
      'default-list':
        "{{type}} `{{name}}` (`bind {{bind}}`) sets no cipher list, so OpenSSL's default applies, which also offers suites without forward secrecy (AES128-GCM-SHA256) and CBC suites: set `ssl-default-bind-ciphers` to the Mozilla intermediate list.",
    },
    hint: 'In `global`: `ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const reported = new Set<unknown>();
    for (const { section, bind } of tlsBinds(cfg)) {
      const list = bindList(cfg, bind, 'ciphers');
      if (!list) {
        ctx.report({
          messageId: 'default-list',
          data: { type: section.type, name: sectionName(section), bind: bind.line.args[0] ?? '' },
          loc: bind.line.span,
          severity: 'warning',
        });
        continue;
      }
      if (reported.has(list.span)) continue;
      reported.add(list.span);
      const weak = evalCipherString(list.value).ciphers.filter((c) => !pskCipher(c) && !strongCipher(c));
      if (weak.length === 0) continue;
      const examples = weak
        .slice(0, 3)
        .map((c) => `${c.name} (${weakness(c)})`)
        .join(', ');
      const shown = list.value.length > 60 ? `${list.value.slice(0, 57)}...` : list.value;
      ctx.report({ messageId: 'weak', data: { list: shown, count: weak.length, examples }, loc: list.span });
    }
  }),
);
