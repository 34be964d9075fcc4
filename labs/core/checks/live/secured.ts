/**
 * Lab 2's live probes (HTTPS at the load balancer): metadata only; they run in
 * labs/node/live/secured.ts, as one group over one topology (the learner's HAProxy with its TLS
 * frontend, lab 1's web tier, a client namespace standing for the internet). The harness makes a
 * throwaway CA and a server certificate for the name the configuration uses; the client trusts that CA.
 */
import type { CheckMeta } from '../types';
import { header } from '../shared-options';

const common = {
  component: 'live',
  kind: 'live',
  severity: 'error',
  points: 0,
} as const;

const skipped = { skipped: 'not probed: {{reason}}' };
/** A server of the topology that did not start (every probe of the group may say it). */
const notStarted = { 'not-started': '{{host}}: {{server}} did not start: {{error}}' };

export const liveHttpsRoundRobin: CheckMeta = {
  ...common,
  id: 'live/https-round-robin',
  // (not haproxy/cert-has-key: live mode points every `crt` at its own throwaway certificate, so it never sees yours)
  agreesWith: ['haproxy/https-bind', 'haproxy/two-web-servers', 'nginx/x-served-by'],
  options: { header },
  title: 'HTTPS requests through the load balancer alternate between the web servers',
  messages: {
    sequence:
      "{{count}} HTTPS requests to {{url}} (the client trusting only the run's throwaway CA, {{protocol}}) were answered by: {{sequence}}",
    'not-alternating': 'the HTTPS answers do not alternate between {{servers}}: {{sequence}}',
    'one-server': '{{missing}} received none of the {{count}} HTTPS requests: {{sequence}}',
    'no-header': '{{count}} HTTPS answers carried no {{header}} header, so the server that answered cannot be told',
    errors: '{{errors}} of {{count}} HTTPS requests to {{url}} failed: {{codes}}',
    'no-tls': 'no TLS handshake with {{address}}:443: {{error}}',
    'harness-error': 'the sandbox could not run: {{error}}',
    ...notStarted,
    ...skipped,
  },
  hint: 'A frontend needs `bind *:443 ssl crt /path/cert-and-key.pem` (certificate and key in one file) and `mode http`; its backend both web servers, balanced round-robin.',
};

export const liveRedirect: CheckMeta = {
  ...common,
  id: 'live/redirect',
  agreesWith: ['haproxy/redirect-https'],
  title: 'A plain-HTTP request is redirected permanently (301 or 308) to HTTPS, with the same path and query',
  messages: {
    redirected: 'GET {{url}} answered {{status}} with Location: {{location}}',
    'not-permanent':
      'GET {{url}} answered {{status}} (temporary) with Location: {{location}}: a browser will not remember it; ask for `code 301`',
    'not-redirected': 'GET {{url}} answered {{status}} without a redirect to https ({{detail}})',
    'wrong-location': 'GET {{url}} answered {{status}}, but Location: {{location}} is not {{expected}}',
    'no-answer': 'GET {{url}}: no answer ({{error}})',
    ...notStarted,
    ...skipped,
  },
  hint: 'In the frontend that binds port 80: `http-request redirect scheme https code 301 unless { ssl_fc }` (without `code`, HAProxy answers 302).',
};

export const liveHsts: CheckMeta = {
  ...common,
  id: 'live/hsts',
  agreesWith: ['haproxy/hsts'],
  title: 'HTTPS responses carry Strict-Transport-Security with a max-age of at least 180 days',
  messages: {
    present: 'GET {{url}} carried Strict-Transport-Security: {{value}} (max-age {{age}} s, {{days}} days)',
    missing: 'GET {{url}} answered {{status}} with no Strict-Transport-Security header',
    short:
      'GET {{url}} carried Strict-Transport-Security: {{value}}: max-age {{age}} s ({{days}} days) is under 180 days ({{min}} s)',
    'no-max-age': 'GET {{url}} carried Strict-Transport-Security: {{value}} without a max-age (browsers ignore it)',
    'no-answer': 'GET {{url}}: no answer ({{error}})',
    ...notStarted,
    ...skipped,
  },
  hint: 'In the frontend that terminates TLS: `http-response set-header Strict-Transport-Security "max-age=63072000" if { ssl_fc }`.',
};

export const liveXForwardedProto: CheckMeta = {
  ...common,
  id: 'live/x-forwarded-proto',
  agreesWith: ['haproxy/x-forwarded-proto'],
  title: 'The web servers receive X-Forwarded-Proto: https for requests that came in over HTTPS',
  messages: {
    received: '{{web}} received X-Forwarded-Proto: {{value}} for GET {{url}}',
    missing: '{{web}} received no X-Forwarded-Proto header for GET {{url}}',
    wrong: '{{web}} received X-Forwarded-Proto: {{value}} for GET {{url}} (expected {{expected}})',
    'plain-labelled-https':
      '{{web}} received X-Forwarded-Proto: https for a plain-HTTP GET {{url}} that HAProxy forwarded without redirecting',
    'no-answer': 'GET {{url}}: {{error}}',
    ...notStarted,
    ...skipped,
  },
  hint: 'In the frontend that terminates TLS: `http-request set-header X-Forwarded-Proto https if { ssl_fc }` (the header name with hyphens).',
};

export const liveTlsVersions: CheckMeta = {
  ...common,
  id: 'live/tls-versions',
  // Not tls/min-version: Debian 12's OpenSSL refuses TLS 1.0 and 1.1 at its default security level even where the
  // configuration asks for them (research: labs-2-3.md), so the static check judges what is asked and live sees
  // only this machine's answer. Not tls/ciphers-known: OpenSSL skips a name it does not know, the handshake is
  // the same. A missing TLS bind (haproxy/https-bind) does show: no handshake at all.
  agreesWith: ['haproxy/https-bind', 'tls/version-options-mixed'],
  title: 'The load balancer refuses TLS 1.0 and 1.1 and accepts TLS 1.2 and 1.3',
  messages: {
    versions: 'handshakes with {{address}}:443, one per version: {{results}}',
    'legacy-accepted': '{{version}} was accepted ({{cipher}}): TLS 1.0 and 1.1 are deprecated (RFC 8996)',
    'modern-refused': '{{version}} was refused ({{error}})',
    'client-limited': "this machine's TLS client cannot offer {{version}} ({{error}}): that version was not probed",
    ...notStarted,
    ...skipped,
  },
  hint: 'In `global`: `ssl-default-bind-options ssl-min-ver TLSv1.2` (and no `force-tlsv1x` or `no-tlsv1x` beside it), with the Mozilla intermediate ciphers.',
};

export const liveFirewallMatrix: CheckMeta = {
  ...common,
  id: 'live/firewall-matrix',
  agreesWith: [
    'firewall/enabled',
    'firewall/lb-ports',
    'firewall/web-from-lb-only',
    'firewall/app-from-web-only',
    'firewall/db-restricted',
    'firewall/rule-order',
    'firewall/replies-allowed',
  ],
  title: "Your ufw rules, applied by the real ufw in each host's namespace, let through exactly the lab's connections",
  messages: {
    matrix:
      '{{count}} connections tried (from the internet and each host, {{ms}} ms timeout each) against the real firewalls (ufw, or iptables or nftables where that is what you wrote) of {{hosts}}: every one as the lab expects',
    blocked: '{{what}} was dropped by the real firewall, but {{reason}} (in your rules: {{why}})',
    open: '{{what}} was accepted by the real firewall, but {{reason}} (in your rules: {{why}})',
    'ufw-failed': '{{host}}: ufw refused `{{command}}`: {{error}}',
    'no-firewall': '{{host}}: no ufw command found, so nothing filters its traffic',
    ...notStarted,
    ...skipped,
  },
  hint: 'Each host: `ufw default deny incoming`, then one `ufw allow proto tcp from <who> to any port <port>` per connection its role needs, then `ufw --force enable`.',
};

export const liveMetrics: CheckMeta = {
  ...common,
  id: 'live/metrics',
  agreesWith: ['monitoring/haproxy-metrics', 'haproxy/health-checks'],
  title:
    "The monitoring host scrapes every exporter the sandbox runs, the internet reads none, and a stopped web server shows as down in HAProxy's metrics within fall x inter",
  messages: {
    scraped: '{{from}} scraped {{target}} (job `{{job}}`: {{host}}, {{url}}): {{what}}',
    'not-scraped': '{{from}} could not scrape {{target}} (job `{{job}}`: {{host}}, {{url}}): {{error}}',
    'not-prometheus':
      "{{from}} scraped {{target}} (job `{{job}}`: {{host}}, {{url}}), but the answer is not in Prometheus's text format ({{sample}}): Prometheus would mark the target down",
    'not-tried': '{{target}} (job `{{job}}`) not tried: {{reason}}',
    'status-read': "{{from}} read {{host}}'s stub_status at {{url}}: {{what}}",
    'status-refused':
      "{{from}} cannot read {{host}}'s stub_status at {{url}} ({{error}}): fine while only an exporter on {{host}} itself reads it",
    'internet-none': 'from the internet, none of {{count}} metrics endpoints gave its metrics away: {{results}}',
    'internet-read': 'the internet read {{what}} at {{url}} ({{host}}, answer {{status}}): {{why}}',
    'internet-not-tried': 'the internet side was not tried: {{reason}}',
    'down-seen':
      "{{web}}'s nginx stopped: HAProxy's metrics showed `{{series}}` after {{ms}} ms (at most fall {{fall}} x inter {{inter}} ms + {{margin}} ms = {{limit}} ms; {{from}})",
    'down-late':
      "{{web}}'s nginx stopped, but after {{limit}} ms (fall {{fall}} x inter {{inter}} ms + {{margin}} ms; {{from}}) HAProxy's metrics still showed server `{{server}}` of `{{proxy}}` as {{state}}",
    'no-health-check':
      'server `{{server}}` of `{{proxy}}` ({{web}}) has no `check`: HAProxy never marks it down, so its metrics would show it UP while it is stopped',
    'down-not-tried': 'stopping {{web}} not tried: {{reason}}',
    'no-prometheus':
      'no prometheus.yml with `scrape_configs:` in your submission: nothing says what the monitoring scrapes',
    ...notStarted,
    ...skipped,
  },
  hint: "On the monitoring host, prometheus.yml lists every exporter (`targets: ['<lb address>:8405']`); HAProxy serves its exporter from a frontend of its own (`http-request use-service prometheus-exporter if { path /metrics }`), each server line has `check`, and the firewalls let only the monitoring host reach the exporter ports.",
};

/** The group's probes in report order. */
export const securedMetas: CheckMeta[] = [
  liveHttpsRoundRobin,
  liveRedirect,
  liveHsts,
  liveXForwardedProto,
  liveTlsVersions,
  liveFirewallMatrix,
  liveMetrics,
];
