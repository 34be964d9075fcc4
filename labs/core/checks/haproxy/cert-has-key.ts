import { defineCheck } from '../context';
import { requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { allBinds, globalLine } from '../tls/haproxy-tls';

/**
 * File names that certainly hold no private key: certbot's `live/<domain>/` files other than `privkey.pem`
 * (certbot writes the key only to privkey.pem). A name like `www.lab.test.pem` or a folder may hold both.
 */
const KEYLESS = new Set(['fullchain.pem', 'cert.pem', 'chain.pem']);
/** certbot's key file: a key and no certificate. */
const CERTLESS = new Set(['privkey.pem']);

export default defineCheck(
  {
    id: 'haproxy/cert-has-key',
    reads: ['haproxy'],
    title: 'The certificate file given to `crt` also holds its private key',
    component: 'haproxy',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-key':
        '`crt {{path}}`: certbot writes `{{file}}` without the private key (the key is in `privkey.pem`), so HAProxy stops with "No Private Key found in \'{{path}}.key\'". Give `crt` one file holding both: `cat fullchain.pem privkey.pem > /etc/haproxy/certs/<site>.pem`.',
      'no-key-extra-files':
        '`crt {{path}}`: certbot writes `{{file}}` without the private key, and `ssl-load-extra-files {{extra}}` (line {{line}}) stops HAProxy from looking for `{{file}}.key` beside it, so it stops with "No Private Key found". Give `crt` one file holding the certificate and the key: `cat fullchain.pem privkey.pem > /etc/haproxy/certs/<site>.pem`.',
      'no-cert':
        "`crt {{path}}`: certbot's `privkey.pem` holds the key but no certificate, so HAProxy cannot load it. Give `crt` one file holding both: `cat fullchain.pem privkey.pem > /etc/haproxy/certs/<site>.pem`.",
    },
    hint: "Concatenate certbot's `fullchain.pem` and `privkey.pem` into one file (`cat fullchain.pem privkey.pem > /etc/haproxy/certs/<site>.pem`) and give that file (or its folder) to `crt`.",
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const extra = globalLine(cfg, 'ssl-load-extra-files');
    // HAProxy's default (`all`) looks for `<crt>.key` when the PEM has no key
    const sidecarTried = !extra || extra.args.some((a) => a === 'all' || a === 'key');
    // the learner's own files writing or naming the `.key` sidecar (a provisioning script, a note)
    const texts = lb.host.files.map((f) => f.source.text);
    const others = lb.host.files.filter((f) => f.path !== lb.unit.file.path).map((f) => f.source.text);
    for (const { bind } of allBinds(cfg)) {
      if (!bind.ssl) continue;
      for (const o of bind.options.filter((x) => x.name === 'crt' && x.value !== undefined)) {
        const path = o.value!;
        if (path.endsWith('/')) continue; // a folder of PEM files
        const file = path.slice(path.lastIndexOf('/') + 1);
        if (CERTLESS.has(file)) {
          ctx.report({ messageId: 'no-cert', data: { path }, loc: o.span });
          continue;
        }
        if (!KEYLESS.has(file)) continue;
        // a script of the learner's that writes the key into that very file (`cat fullchain.pem privkey.pem > PATH`)
        const writes = new RegExp(
          `(>>?|\\btee\\s+(-a\\s+)?)\\s*['"]?${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?(\\s|$)`,
          'm',
        );
        if (others.some((t) => writes.test(t) && /privkey/.test(t))) continue;
        if (sidecarTried) {
          if (texts.some((t) => t.includes(`${file}.key`))) continue;
          ctx.report({ messageId: 'no-key', data: { path, file }, loc: o.span });
        } else
          ctx.report({
            messageId: 'no-key-extra-files',
            data: { path, file, extra: extra!.args.join(' '), line: extra!.line },
            loc: o.span,
          });
      }
    }
  }),
);
