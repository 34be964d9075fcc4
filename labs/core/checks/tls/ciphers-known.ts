import { defineCheck } from '../context';
import { requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { findSections } from '../../model/haproxy';
import type { HaproxyConfig, HaproxyLine } from '../../parsers/haproxy/ast';
import { writtenLists } from './haproxy-tls';
import { cipherElements, knownCiphersuite, unknownCiphers } from './openssl';
import { OPENSSL_SOURCE } from './openssl30.generated';

/** A line whose keyword looks like the rest of a cipher list (`HE-RSA-AES256-GCM-SHA384:ECDHE-...`). */
const CIPHERISH = /^[A-Z0-9]+(-[A-Z0-9]+)*(:[A-Z0-9!+@-]+)*$/;

/** A cipher list broken over two lines: its second half is a line of its own in `global`. */
function wrappedLines(cfg: HaproxyConfig): Array<{ prev: HaproxyLine; line: HaproxyLine }> {
  const out: Array<{ prev: HaproxyLine; line: HaproxyLine }> = [];
  for (const g of findSections(cfg, 'global')) {
    const ls = g.lines.filter((x) => !x.directive && !x.scope);
    for (let i = 1; i < ls.length; i++) {
      const prev = ls[i - 1]!;
      const l = ls[i]!;
      if (!/^ssl-default-(bind|server)-cipher/.test(prev.keyword) || !l.keyword.includes('-')) continue;
      if (CIPHERISH.test(l.keyword) && l.args.length === 0) out.push({ prev, line: l });
    }
  }
  return out;
}

/** Whether a `server` (or `default-server`) line makes TLS connections to the web servers (`ssl`). */
function serversUseSsl(cfg: HaproxyConfig): boolean {
  return cfg.sections.some(
    (sec) =>
      !sec.inactive &&
      sec.lines.some((l) => (l.keyword === 'server' || l.keyword === 'default-server') && l.args.includes('ssl')),
  );
}

export default defineCheck(
  {
    id: 'tls/ciphers-known',
    reads: ['haproxy'],
    title: 'Every cipher and ciphersuite name exists in the OpenSSL the servers use (3.0 on Debian 12)',
    component: 'tls',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      truncated:
        '`{{name}}` in `{{where}}` is a cipher name cut off (by a terminal or pager, `>` marks the cut): it starts like `{{cut}}`. OpenSSL skips names it does not know without a word, and `haproxy -c` says the file is valid, so that cipher is silently gone. Copy the whole line again.',
      unknown:
        '`{{name}}` in `{{where}}` is not a cipher OpenSSL {{openssl}} knows: OpenSSL skips it without a word (`haproxy -c` does not notice), so the list is not what you meant. Check the spelling against `openssl ciphers -v`.',
      'unknown-suite':
        '`{{name}}` in `{{where}}` is not a TLS 1.3 ciphersuite OpenSSL {{openssl}} knows (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256...): it is skipped without a word.',
      'unknown-unused':
        '`{{name}}` in `{{where}}` is not a cipher OpenSSL {{openssl}} knows{{profile}}. It does nothing here, as no `server` line uses `ssl`; once one does, OpenSSL ignores it or, when nothing else in the list is known, HAProxy refuses the configuration. Remove the line or write a cipher list.',
      wrapped:
        'Line {{line}} looks like the rest of the cipher list on line {{prev}}, cut in two by a line break: HAProxy reads `{{word}}` as an unknown keyword and refuses to start. Join the two lines into one.',
    },
    hint: 'Paste cipher lists whole, on one line (Mozilla intermediate: `ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:...`).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const openssl = OPENSSL_SOURCE.version.replace(/^OpenSSL\s+(\d+\.\d+).*$/, '$1');
    const wrapped = wrappedLines(cfg);
    // the server-side defaults apply to `server ... ssl` lines only: without one, an unknown name there changes nothing
    const serverSide = serversUseSsl(cfg);
    for (const l of writtenLists(cfg, 'ciphers')) {
      const cutByWrap = wrapped.find((w) => w.prev === l.line);
      const last = cipherElements(l.value).at(-1);
      for (const u of unknownCiphers(l.value)) {
        if (cutByWrap && u.name === last) continue; // its other half is on the next line: reported below
        if (l.where === 'ssl-default-server-ciphers' && !serverSide) {
          const profile = /^PROFILE=/i.test(u.name)
            ? " (`PROFILE=SYSTEM` is the system crypto policy of Red Hat's and Fedora's OpenSSL; Debian's has none)"
            : '';
          ctx.report({
            messageId: 'unknown-unused',
            data: { name: u.name, where: l.where, openssl, profile },
            loc: l.span,
            severity: 'warning',
          });
        } else if (u.cut)
          ctx.report({ messageId: 'truncated', data: { name: u.name, where: l.where, cut: u.cut }, loc: l.span });
        else ctx.report({ messageId: 'unknown', data: { name: u.name, where: l.where, openssl }, loc: l.span });
      }
    }
    for (const l of writtenLists(cfg, 'ciphersuites')) {
      for (const name of cipherElements(l.value))
        if (!knownCiphersuite(name))
          ctx.report({
            messageId: 'unknown-suite',
            data: { name, where: l.where, openssl },
            loc: l.span,
            // (server-side defaults with no `server ... ssl` line: nothing uses them)
            ...(l.where === 'ssl-default-server-ciphersuites' && !serverSide ? { severity: 'warning' as const } : {}),
          });
    }
    for (const { prev, line: l } of wrapped) {
      ctx.report({
        messageId: 'wrapped',
        data: { line: l.line, prev: prev.line, word: l.keyword },
        loc: l.span,
        related: [{ loc: prev.span, messageId: 'wrapped', data: { line: l.line, prev: prev.line, word: l.keyword } }],
      });
    }
  }),
);
