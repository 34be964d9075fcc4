/**
 * HAProxy keyword knowledge, beside the parser (the parser never hard-codes keyword names).
 *
 * Source: the HAProxy 2.6 configuration manual (`configuration.txt`, "version 2.6", as shipped by
 * Debian 12's haproxy 2.6.12 in /usr/share/doc/haproxy/configuration.txt.gz; the same text is
 * https://docs.haproxy.org/2.6/configuration.html):
 * - PROXY_KEYWORDS: section "4.1. Proxy keywords matrix", one row per matrix line. `sections` is
 *   four characters for defaults / frontend / listen / backend: a letter = allowed, `n` = only
 *   in a *named* defaults section, `-` = not allowed. `misplaced` says what haproxy 2.6 itself does
 *   when the keyword is used where the matrix has `-`, as observed with `haproxy -c` 2.6.12:
 *   `error` (an ALERT, e.g. "'bind' not allowed in 'defaults' section"), `warning` ("'balance'
 *   ignored because frontend 'x' has no backend capability") or `null` (silently accepted).
 *   test/parsers/haproxy/keywords.test.ts re-reads the installed manual and checks this table.
 * - PROXY_TOP_KEYWORDS / OPTION_NAMES / TIMEOUT_NAMES: the headings of section 4.2
 *   "Alphabetically sorted keywords reference".
 * - GLOBAL_KEYWORDS: section 3 "Global parameters" (the index list and the headings of 3.1-3.3).
 * - REMOVED_KEYWORDS: the messages haproxy 2.6.12 prints for keywords it no longer accepts.
 */
import type { HaproxySectionType } from './ast';
import { editDistance } from '../../editDistance';

export type ProxySectionType = 'defaults' | 'frontend' | 'listen' | 'backend';
export type MisplacedSeverity = 'error' | 'warning' | null;

export interface ProxyKeywordInfo {
  /** One, two or three words, e.g. `balance`, `option httplog`, `capture request header`. */
  keyword: string;
  /** defaults/frontend/listen/backend: letter = allowed, `n` = named defaults only, `-` = not allowed. */
  sections: string;
  /** What haproxy 2.6 does where the keyword is not allowed (absent key: allowed there). */
  misplaced: Partial<Record<ProxySectionType, MisplacedSeverity>>;
  /** Marked (*) in the matrix: accepts the `no` / `default` prefix. */
  negatable?: boolean;
  deprecated?: boolean;
}

/** HAProxy 2.6 configuration manual, 4.1 "Proxy keywords matrix". */
export const PROXY_KEYWORDS: readonly ProxyKeywordInfo[] = [
  { keyword: 'acl', sections: 'nflb', misplaced: { defaults: 'error' } },
  { keyword: 'backlog', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'balance', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'bind', sections: '-fl-', misplaced: { defaults: 'error', backend: 'warning' } },
  { keyword: 'bind-process', sections: 'dflb', misplaced: {} },
  { keyword: 'capture cookie', sections: '-fl-', misplaced: { defaults: 'error', backend: 'warning' } },
  { keyword: 'capture request header', sections: '-fl-', misplaced: { defaults: 'error', backend: 'warning' } },
  { keyword: 'capture response header', sections: '-fl-', misplaced: { defaults: 'error', backend: 'warning' } },
  { keyword: 'clitcpka-cnt', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'clitcpka-idle', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'clitcpka-intvl', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'compression', sections: 'dflb', misplaced: {} },
  { keyword: 'cookie', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'declare capture', sections: '-fl-', misplaced: { defaults: 'error', backend: 'error' } },
  { keyword: 'default-server', sections: 'd-lb', misplaced: { frontend: 'error' } },
  { keyword: 'default_backend', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'description', sections: '-flb', misplaced: { defaults: 'error' } },
  { keyword: 'disabled', sections: 'dflb', misplaced: {} },
  { keyword: 'dispatch', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
  { keyword: 'email-alert from', sections: 'dflb', misplaced: {} },
  { keyword: 'email-alert level', sections: 'dflb', misplaced: {} },
  { keyword: 'email-alert mailers', sections: 'dflb', misplaced: {} },
  { keyword: 'email-alert myhostname', sections: 'dflb', misplaced: {} },
  { keyword: 'email-alert to', sections: 'dflb', misplaced: {} },
  { keyword: 'enabled', sections: 'dflb', misplaced: {} },
  { keyword: 'errorfile', sections: 'dflb', misplaced: {} },
  { keyword: 'errorfiles', sections: 'dflb', misplaced: {} },
  { keyword: 'errorloc', sections: 'dflb', misplaced: {} },
  { keyword: 'errorloc302', sections: 'dflb', misplaced: {} },
  { keyword: 'errorloc303', sections: 'dflb', misplaced: {} },
  { keyword: 'error-log-format', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'force-persist', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
  { keyword: 'filter', sections: '-flb', misplaced: { defaults: 'error' } },
  { keyword: 'fullconn', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'hash-type', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-after-response', sections: 'nflb', misplaced: { defaults: 'error' } },
  { keyword: 'http-check comment', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-check connect', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-check disable-on-404', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-check expect', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-check send', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-check send-state', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-check set-var', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-check unset-var', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-error', sections: 'dflb', misplaced: {} },
  { keyword: 'http-request', sections: 'nflb', misplaced: { defaults: 'error' } },
  { keyword: 'http-response', sections: 'nflb', misplaced: { defaults: 'error' } },
  { keyword: 'http-reuse', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'http-send-name-header', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'id', sections: '-flb', misplaced: { defaults: 'error' } },
  { keyword: 'ignore-persist', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
  { keyword: 'load-server-state-from-file', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'log', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'log-format', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'log-format-sd', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'log-tag', sections: 'dflb', misplaced: {} },
  { keyword: 'max-keep-alive-queue', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'maxconn', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'mode', sections: 'dflb', misplaced: {} },
  { keyword: 'monitor fail', sections: '-fl-', misplaced: { defaults: 'error', backend: 'warning' } },
  { keyword: 'monitor-uri', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'option abortonclose', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  {
    keyword: 'option accept-invalid-http-request',
    sections: 'dfl-',
    misplaced: { backend: 'warning' },
    negatable: true,
  },
  {
    keyword: 'option accept-invalid-http-response',
    sections: 'd-lb',
    misplaced: { frontend: 'warning' },
    negatable: true,
  },
  { keyword: 'option allbackups', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option checkcache', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option clitcpka', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option contstats', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option disable-h2-upgrade', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option dontlog-normal', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option dontlognull', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option forwardfor', sections: 'dflb', misplaced: {} },
  {
    keyword: 'option h1-case-adjust-bogus-client',
    sections: 'dfl-',
    misplaced: { backend: 'warning' },
    negatable: true,
  },
  {
    keyword: 'option h1-case-adjust-bogus-server',
    sections: 'd-lb',
    misplaced: { frontend: 'warning' },
    negatable: true,
  },
  { keyword: 'option http-buffer-request', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option http-ignore-probes', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option http-keep-alive', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option http-no-delay', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option http-pretend-keepalive', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option http-restrict-req-hdr-names', sections: 'dflb', misplaced: {} },
  { keyword: 'option http-server-close', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option http-use-proxy-header', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option httpchk', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option httpclose', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option httplog', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'option httpslog', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'option independent-streams', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option ldap-check', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option external-check', sections: 'd-lb', misplaced: { frontend: null } },
  { keyword: 'option log-health-checks', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option log-separate-errors', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option logasap', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option mysql-check', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option nolinger', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option originalto', sections: 'dflb', misplaced: {} },
  { keyword: 'option persist', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option pgsql-check', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option prefer-last-server', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option redispatch', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option redis-check', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option smtpchk', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option socket-stats', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option splice-auto', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option splice-request', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option splice-response', sections: 'dflb', misplaced: {}, negatable: true },
  { keyword: 'option spop-check', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option srvtcpka', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option ssl-hello-chk', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option tcp-check', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'option tcp-smart-accept', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'option tcp-smart-connect', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option tcpka', sections: 'dflb', misplaced: {} },
  { keyword: 'option tcplog', sections: 'dflb', misplaced: {} },
  { keyword: 'option transparent', sections: 'd-lb', misplaced: { frontend: 'warning' }, negatable: true },
  { keyword: 'option idle-close-on-response', sections: 'dfl-', misplaced: { backend: 'warning' }, negatable: true },
  { keyword: 'external-check command', sections: 'd-lb', misplaced: { frontend: null } },
  { keyword: 'external-check path', sections: 'd-lb', misplaced: { frontend: null } },
  { keyword: 'persist rdp-cookie', sections: 'd-lb', misplaced: { frontend: null } },
  { keyword: 'rate-limit sessions', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'redirect', sections: '-flb', misplaced: { defaults: 'error' } },
  { keyword: 'retries', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'retry-on', sections: 'd-lb', misplaced: { frontend: 'error' } },
  { keyword: 'server', sections: '--lb', misplaced: { defaults: 'error', frontend: 'error' } },
  { keyword: 'server-state-file-name', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'server-template', sections: '--lb', misplaced: { defaults: 'error', frontend: 'error' } },
  { keyword: 'source', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'srvtcpka-cnt', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'srvtcpka-idle', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'srvtcpka-intvl', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'stats admin', sections: '-flb', misplaced: { defaults: 'error' } },
  { keyword: 'stats auth', sections: 'dflb', misplaced: {} },
  { keyword: 'stats enable', sections: 'dflb', misplaced: {} },
  { keyword: 'stats hide-version', sections: 'dflb', misplaced: {} },
  { keyword: 'stats http-request', sections: '-flb', misplaced: { defaults: 'error' } },
  { keyword: 'stats realm', sections: 'dflb', misplaced: {} },
  { keyword: 'stats refresh', sections: 'dflb', misplaced: {} },
  { keyword: 'stats scope', sections: 'dflb', misplaced: {} },
  { keyword: 'stats show-desc', sections: 'dflb', misplaced: {} },
  { keyword: 'stats show-legends', sections: 'dflb', misplaced: {} },
  { keyword: 'stats show-node', sections: 'dflb', misplaced: {} },
  { keyword: 'stats uri', sections: 'dflb', misplaced: {} },
  { keyword: 'stick match', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
  { keyword: 'stick on', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
  { keyword: 'stick store-request', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
  { keyword: 'stick store-response', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
  { keyword: 'stick-table', sections: '-flb', misplaced: { defaults: 'error' } },
  { keyword: 'tcp-check comment', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check connect', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check expect', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check send', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check send-lf', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check send-binary', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check send-binary-lf', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check set-var', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-check unset-var', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'tcp-request connection', sections: 'nfl-', misplaced: { defaults: 'error', backend: 'error' } },
  { keyword: 'tcp-request content', sections: 'nflb', misplaced: { defaults: 'error' } },
  { keyword: 'tcp-request inspect-delay', sections: 'nflb', misplaced: { defaults: 'error' } },
  { keyword: 'tcp-request session', sections: 'nfl-', misplaced: { defaults: 'error', backend: 'error' } },
  { keyword: 'tcp-response content', sections: 'n-lb', misplaced: { defaults: 'error', frontend: 'error' } },
  { keyword: 'tcp-response inspect-delay', sections: 'n-lb', misplaced: { defaults: 'error', frontend: 'error' } },
  { keyword: 'timeout check', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'timeout client', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'timeout client-fin', sections: 'dfl-', misplaced: { backend: 'warning' } },
  { keyword: 'timeout connect', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'timeout http-keep-alive', sections: 'dflb', misplaced: {} },
  { keyword: 'timeout http-request', sections: 'dflb', misplaced: {} },
  { keyword: 'timeout queue', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'timeout server', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'timeout server-fin', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'timeout tarpit', sections: 'dflb', misplaced: {} },
  { keyword: 'timeout tunnel', sections: 'd-lb', misplaced: { frontend: 'warning' } },
  { keyword: 'transparent', sections: 'd-lb', misplaced: { frontend: null }, deprecated: true },
  { keyword: 'unique-id-format', sections: 'dfl-', misplaced: { backend: null } },
  { keyword: 'unique-id-header', sections: 'dfl-', misplaced: { backend: null } },
  { keyword: 'use_backend', sections: '-fl-', misplaced: { defaults: 'error', backend: 'warning' } },
  { keyword: 'use-fcgi-app', sections: '--lb', misplaced: { defaults: 'error', frontend: 'error' } },
  { keyword: 'use-server', sections: '--lb', misplaced: { defaults: 'error', frontend: 'warning' } },
];

/** First words of every keyword in 4.2 "Alphabetically sorted keywords reference" (HAProxy 2.6). */
export const PROXY_TOP_KEYWORDS: ReadonlySet<string> = new Set([
  'acl',
  'backlog',
  'balance',
  'bind',
  'bind-process',
  'capture',
  'clitcpka-cnt',
  'clitcpka-idle',
  'clitcpka-intvl',
  'compression',
  'cookie',
  'declare',
  'default-server',
  'default_backend',
  'description',
  'disabled',
  'dispatch',
  'dynamic-cookie-key',
  'email-alert',
  'enabled',
  'error-log-format',
  'errorfile',
  'errorfiles',
  'errorloc',
  'errorloc302',
  'errorloc303',
  'external-check',
  'filter',
  'force-persist',
  'fullconn',
  'hash-balance-factor',
  'hash-type',
  'http-after-response',
  'http-check',
  'http-error',
  'http-request',
  'http-response',
  'http-reuse',
  'http-send-name-header',
  'id',
  'ignore-persist',
  'load-server-state-from-file',
  'log',
  'log-format',
  'log-format-sd',
  'log-tag',
  'max-keep-alive-queue',
  'max-session-srv-conns',
  'maxconn',
  'mode',
  'monitor',
  'monitor-uri',
  'option',
  'persist',
  'rate-limit',
  'redirect',
  'retries',
  'retry-on',
  'server',
  'server-state-file-name',
  'server-template',
  'source',
  'srvtcpka-cnt',
  'srvtcpka-idle',
  'srvtcpka-intvl',
  'stats',
  'stick',
  'stick-table',
  'tcp-check',
  'tcp-request',
  'tcp-response',
  'timeout',
  'transparent',
  'unique-id-format',
  'unique-id-header',
  'use-fcgi-app',
  'use-server',
  'use_backend',
]);

/** `option <name>` names of HAProxy 2.6 (4.2 headings). */
export const OPTION_NAMES: ReadonlySet<string> = new Set([
  'abortonclose',
  'accept-invalid-http-request',
  'accept-invalid-http-response',
  'allbackups',
  'checkcache',
  'clitcpka',
  'contstats',
  'disable-h2-upgrade',
  'dontlog-normal',
  'dontlognull',
  'external-check',
  'forwardfor',
  'h1-case-adjust-bogus-client',
  'h1-case-adjust-bogus-server',
  'http-buffer-request',
  'http-ignore-probes',
  'http-keep-alive',
  'http-no-delay',
  'http-pretend-keepalive',
  'http-restrict-req-hdr-names',
  'http-server-close',
  'http-use-proxy-header',
  'httpchk',
  'httpclose',
  'httplog',
  'httpslog',
  'idle-close-on-response',
  'independent-streams',
  'ldap-check',
  'log-health-checks',
  'log-separate-errors',
  'logasap',
  'mysql-check',
  'nolinger',
  'originalto',
  'persist',
  'pgsql-check',
  'prefer-last-server',
  'redis-check',
  'redispatch',
  'smtpchk',
  'socket-stats',
  'splice-auto',
  'splice-request',
  'splice-response',
  'spop-check',
  'srvtcpka',
  'ssl-hello-chk',
  'tcp-check',
  'tcp-smart-accept',
  'tcp-smart-connect',
  'tcpka',
  'tcplog',
  'transparent',
]);

/** `timeout <name>` names of HAProxy 2.6 (4.2 headings). */
export const TIMEOUT_NAMES: ReadonlySet<string> = new Set([
  'check',
  'client',
  'client-fin',
  'connect',
  'http-keep-alive',
  'http-request',
  'queue',
  'server',
  'server-fin',
  'tarpit',
  'tunnel',
]);

/** Keywords of the `global` section in HAProxy 2.6 (manual section 3). */
export const GLOBAL_KEYWORDS: ReadonlySet<string> = new Set([
  '51degrees-cache-size',
  '51degrees-data-file',
  '51degrees-property-name-list',
  '51degrees-property-separator',
  'busy-polling',
  'ca-base',
  'chroot',
  'close-spread-time',
  'cluster-secret',
  'cpu-map',
  'crt-base',
  'daemon',
  'default-path',
  'description',
  'deviceatlas-json-file',
  'deviceatlas-log-level',
  'deviceatlas-properties-cookie',
  'deviceatlas-separator',
  'expose-experimental-directives',
  'external-check',
  'fd-hard-limit',
  'gid',
  'grace',
  'group',
  'h1-accept-payload-with-any-method',
  'h1-case-adjust',
  'h1-case-adjust-file',
  'h2-workaround-bogus-websocket-clients',
  'hard-stop-after',
  'httpclient.resolvers.id',
  'httpclient.resolvers.prefer',
  'httpclient.ssl.ca-file',
  'httpclient.ssl.verify',
  'insecure-fork-wanted',
  'insecure-setuid-wanted',
  'issuers-chain-path',
  'localpeer',
  'log',
  'log-send-hostname',
  'log-tag',
  'lua-load',
  'lua-load-per-thread',
  'lua-prepend-path',
  'master-worker',
  'max-spread-checks',
  'maxcompcpuusage',
  'maxcomprate',
  'maxconn',
  'maxconnrate',
  'maxpipes',
  'maxsessrate',
  'maxsslconn',
  'maxsslrate',
  'maxzlibmem',
  'mworker-max-reloads',
  'nbthread',
  'no-memory-trimming',
  'node',
  'noepoll',
  'noevports',
  'nogetaddrinfo',
  'nokqueue',
  'nopoll',
  'noreuseport',
  'nosplice',
  'numa-cpu-mapping',
  'pidfile',
  'pp2-never-send-local',
  'presetenv',
  'profiling.memory',
  'profiling.tasks',
  'quiet',
  'resetenv',
  'server-state-base',
  'server-state-file',
  'set-dumpable',
  'set-var',
  'set-var-fmt',
  'setenv',
  'spread-checks',
  'ssl-default-bind-ciphers',
  'ssl-default-bind-ciphersuites',
  'ssl-default-bind-curves',
  'ssl-default-bind-options',
  'ssl-default-server-ciphers',
  'ssl-default-server-ciphersuites',
  'ssl-default-server-options',
  'ssl-dh-param-file',
  'ssl-engine',
  'ssl-load-extra-del-ext',
  'ssl-load-extra-files',
  'ssl-mode-async',
  'ssl-propquery',
  'ssl-provider',
  'ssl-provider-path',
  'ssl-server-verify',
  'ssl-skip-self-issued-ca',
  'stats',
  'strict-limits',
  'thread-group',
  'thread-groups',
  'tune.buffers.limit',
  'tune.buffers.reserve',
  'tune.bufsize',
  'tune.comp.maxlevel',
  'tune.fail-alloc',
  'tune.fd.edge-triggered',
  'tune.h2.header-table-size',
  'tune.h2.initial-window-size',
  'tune.h2.max-concurrent-streams',
  'tune.h2.max-frame-size',
  'tune.http.cookielen',
  'tune.http.logurilen',
  'tune.http.maxhdr',
  'tune.idle-pool.shared',
  'tune.idletimer',
  'tune.listener.multi-queue',
  'tune.lua.forced-yield',
  'tune.lua.maxmem',
  'tune.lua.service-timeout',
  'tune.lua.session-timeout',
  'tune.lua.task-timeout',
  'tune.maxaccept',
  'tune.maxpollevents',
  'tune.maxrewrite',
  'tune.pattern.cache-size',
  'tune.peers.max-updates-at-once',
  'tune.pipesize',
  'tune.pool-high-fd-ratio',
  'tune.pool-low-fd-ratio',
  'tune.quic.frontend.conn-tx-buffers.limit',
  'tune.quic.frontend.max-idle-timeout',
  'tune.quic.frontend.max-streams-bidi',
  'tune.quic.retry-threshold',
  'tune.rcvbuf.client',
  'tune.rcvbuf.server',
  'tune.recv_enough',
  'tune.runqueue-depth',
  'tune.sched.low-latency',
  'tune.sndbuf.client',
  'tune.sndbuf.server',
  'tune.ssl.cachesize',
  'tune.ssl.capture-buffer-size',
  'tune.ssl.capture-cipherlist-size',
  'tune.ssl.default-dh-param',
  'tune.ssl.force-private-cache',
  'tune.ssl.hard-maxrecord',
  'tune.ssl.keylog',
  'tune.ssl.lifetime',
  'tune.ssl.maxrecord',
  'tune.ssl.ssl-ctx-cache-size',
  'tune.vars.global-max-size',
  'tune.vars.proc-max-size',
  'tune.vars.reqres-max-size',
  'tune.vars.sess-max-size',
  'tune.vars.txn-max-size',
  'tune.zlib.memlevel',
  'tune.zlib.windowsize',
  'uid',
  'ulimit-n',
  'unix-bind',
  'unsetenv',
  'user',
  'wurfl-cache-size',
  'wurfl-data-file',
  'wurfl-information-list',
  'wurfl-information-list-separator',
  'wurfl-patch-file',
  'zero-warning',
]);

/** Section keywords, with the first HAProxy version that has them and whether they take a name. */
export interface SectionInfo {
  type: HaproxySectionType;
  since: string;
  /** `name`: a name is required; `optional`; `none`. */
  name: 'required' | 'optional' | 'none';
  /** Proxy sections carry the keywords of the matrix. */
  proxy: boolean;
}

export const SECTIONS: ReadonlyMap<string, SectionInfo> = new Map(
  (
    [
      ['global', '1.0', 'none', false],
      ['defaults', '1.0', 'optional', true],
      ['frontend', '1.3', 'required', true],
      ['backend', '1.3', 'required', true],
      ['listen', '1.0', 'required', true],
      ['userlist', '1.4', 'required', false],
      ['peers', '1.5', 'required', false],
      ['resolvers', '1.6', 'required', false],
      ['mailers', '1.6', 'required', false],
      ['cache', '1.8', 'required', false],
      ['program', '1.9', 'required', false],
      ['http-errors', '2.2', 'required', false],
      ['ring', '2.2', 'required', false],
      ['fcgi-app', '2.1', 'required', false],
      ['log-forward', '2.3', 'required', false],
      ['crt-store', '3.0', 'optional', false],
      ['traces', '3.1', 'none', false],
      ['log-profile', '3.1', 'required', false],
      ['acme', '3.2', 'required', false],
      // Not known to the Debian 12 build of 2.6 ("unknown keyword 'dynamic-update' out of section").
      ['dynamic-update', '3.0', 'none', false],
    ] as const
  ).map(([type, since, name, proxy]) => [type, { type, since, name, proxy }]),
);

/** The HAProxy version the lab machines run (Debian 12). Sections newer than this get an info. */
export const TARGET_VERSION = '2.6';

/**
 * Keywords of the smaller sections (HAProxy 2.6 manual sections 3.4-3.10, 6, 10 and 5.3).
 * haproxy 2.6 rejects any other keyword there ("unknown keyword 'x' in 'peers' section").
 */
export const SECTION_KEYWORDS: Partial<Record<HaproxySectionType, ReadonlySet<string>>> = {
  userlist: new Set(['group', 'user']),
  peers: new Set(['bind', 'default-bind', 'default-server', 'disabled', 'enabled', 'log', 'peer', 'server', 'table']),
  mailers: new Set(['mailer', 'timeout']),
  program: new Set(['command', 'option', 'user', 'group']),
  'http-errors': new Set(['errorfile']),
  ring: new Set(['backing-file', 'description', 'format', 'maxlen', 'server', 'size', 'timeout']),
  'log-forward': new Set(['backlog', 'bind', 'dgram-bind', 'log', 'maxconn', 'timeout']),
  cache: new Set(['total-max-size', 'max-object-size', 'max-age', 'process-vary', 'max-secondary-entries']),
  resolvers: new Set([
    'accepted_payload_size',
    'hold',
    'nameserver',
    'parse-resolv-conf',
    'resolve_retries',
    'timeout',
  ]),
};

/** A keyword HAProxy no longer accepts, with what to write instead. */
export interface RemovedKeyword {
  /** The removed form: one word, or `option <name>`. */
  keyword: string;
  /** Version that refuses it. */
  removedIn: string;
  /** What to use instead (`undefined` when it should just be deleted). */
  replacement?: string;
  /** Sections where it was a keyword (for the message only). */
  scope: 'proxy' | 'global';
}

const removed = (
  keyword: string,
  removedIn: string,
  replacement: string | undefined,
  scope: 'proxy' | 'global' = 'proxy',
): RemovedKeyword => ({
  keyword,
  removedIn,
  replacement,
  scope,
});

/** Messages as haproxy 2.6.12 prints them (see the test that runs haproxy on each). */
export const REMOVED_KEYWORDS: ReadonlyMap<string, RemovedKeyword> = new Map(
  [
    removed('reqadd', '2.1', 'http-request add-header'),
    removed('reqrep', '2.1', "http-request replace-path', 'http-request replace-uri' or 'http-request replace-header"),
    removed('reqirep', '2.1', 'http-request replace-header'),
    removed('reqdel', '2.1', 'http-request del-header'),
    removed('reqidel', '2.1', 'http-request del-header'),
    removed('reqdeny', '2.1', 'http-request deny'),
    removed('reqideny', '2.1', 'http-request deny'),
    removed('reqallow', '2.1', 'http-request allow'),
    removed('reqiallow', '2.1', 'http-request allow'),
    removed('reqtarpit', '2.1', 'http-request tarpit'),
    removed('reqitarpit', '2.1', 'http-request tarpit'),
    removed('reqpass', '2.1', undefined),
    removed('reqipass', '2.1', undefined),
    removed('reqsetbe', '2.1', 'use_backend'),
    removed('reqisetbe', '2.1', 'use_backend'),
    removed('rspadd', '2.1', 'http-response add-header'),
    removed('rsprep', '2.1', 'http-response replace-header'),
    removed('rspirep', '2.1', 'http-response replace-header'),
    removed('rspdel', '2.1', 'http-response del-header'),
    removed('rspidel', '2.1', 'http-response del-header'),
    removed('rspdeny', '2.1', 'http-response deny'),
    removed('rspideny', '2.1', 'http-response deny'),
    removed('block', '2.1', 'http-request deny'),
    removed('contimeout', '2.1', 'timeout connect'),
    removed('clitimeout', '2.1', 'timeout client'),
    removed('srvtimeout', '2.1', 'timeout server'),
    removed('redispatch', '2.1', 'option redispatch'),
    removed('redisp', '2.1', 'option redispatch'),
    removed('monitor-net', '2.1', 'http-request return status 200 if { src <net> }'),
    removed('appsession', '1.6', 'stick-table and cookie-based persistence (cookie ... insert)'),
    removed('option forceclose', '2.0', 'option httpclose'),
    removed('option http-tunnel', '2.1', undefined),
    removed('option http_proxy', '2.5', "http-request set-dst' and 'http-request set-uri"),
    removed('option http-use-htx', '2.1', undefined),
    removed('nbproc', '2.5', 'nbthread (threads are used automatically)', 'global'),
    removed('tune.chksize', '1.7', 'tune.bufsize', 'global'),
  ].map((r) => [r.keyword, r]),
);

/** Keywords that accept the `no` / `default` prefix (cfgparse.c, HAProxy 2.6). */
export const PREFIXABLE: ReadonlySet<string> = new Set([
  'option',
  'log',
  'busy-polling',
  'set-dumpable',
  'strict-limits',
  'insecure-fork-wanted',
  'numa-cpu-mapping',
]);

/** Configuration directives starting with a dot (HAProxy 2.4+ conditional blocks and messages). */
export const DOT_DIRECTIVES: ReadonlySet<string> = new Set([
  '.if',
  '.elif',
  '.else',
  '.endif',
  '.diag',
  '.notice',
  '.warning',
  '.alert',
]);

/** Matrix rows indexed by their first word, longest keyword first. */
const byFirstWord = new Map<string, Array<{ row: ProxyKeywordInfo; rest: string[] }>>();
for (const row of PROXY_KEYWORDS) {
  const [first, ...rest] = row.keyword.split(' ');
  const list = byFirstWord.get(first) ?? [];
  list.push({ row, rest });
  list.sort((a, b) => b.rest.length - a.rest.length);
  byFirstWord.set(first, list);
}

/**
 * The matrix row for a proxy line, matching the longest keyword (3, 2, then 1 words):
 * `lookupProxyKeyword('capture', ['request', 'header', 'X'])` -> `capture request header`.
 */
export function lookupProxyKeyword(keyword: string, args: readonly string[] = []): ProxyKeywordInfo | undefined {
  const rows = byFirstWord.get(keyword);
  if (!rows) return undefined;
  for (const { row, rest } of rows) {
    let ok = true;
    for (let i = 0; i < rest.length && ok; i++) ok = args[i] === rest[i];
    if (ok) return row;
  }
  return undefined;
}

/** Whether a keyword row allows a section (`named` tells a named defaults section). */
export function keywordAllowedIn(info: ProxyKeywordInfo, section: ProxySectionType, named = false): boolean {
  const idx = { defaults: 0, frontend: 1, listen: 2, backend: 3 }[section];
  const ch = info.sections[idx];
  if (ch === '-') return false;
  if (ch === 'n') return named;
  return true;
}

/** The closest candidate within a small distance (for "did you mean"), or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = editDistance(word, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

/** `balance` algorithms haproxy 2.6 accepts (checked with `haproxy -c`). */
export const BALANCE_ALGORITHM =
  /^(roundrobin|static-rr|leastconn|first|source|uri|url_param|random(\(\d+\))?|rdp-cookie(\([^)]*\))?|hdr\([^)]+\)|hash)$/;
export const BALANCE_NAMES: readonly string[] = [
  'roundrobin',
  'static-rr',
  'leastconn',
  'first',
  'source',
  'uri',
  'url_param',
  'hdr(name)',
  'random',
  'rdp-cookie',
  'hash',
];

/** `mode` values of proxy sections in haproxy 2.6 (`mode health` was removed). */
export const PROXY_MODES: ReadonlySet<string> = new Set(['tcp', 'http']);

/** Proxy keywords and the number of arguments haproxy 2.6 requires (message as haproxy words it). */
export const REQUIRED_ARGS: ReadonlyMap<string, { min: number; expects: string }> = new Map([
  ['server', { min: 2, expects: '<name> and <addr>[:<port>]' }],
  ['bind', { min: 1, expects: '{<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}...' }],
  ['default_backend', { min: 1, expects: 'a backend name' }],
  ['use_backend', { min: 1, expects: 'a backend name' }],
  ['mode', { min: 1, expects: "'tcp' or 'http'" }],
  ['maxconn', { min: 1, expects: 'an integer' }],
]);

const opts = (bools: string, valued: string): ReadonlyMap<string, number> =>
  new Map([...bools.split(' ').map((k) => [k, 0] as const), ...valued.split(' ').map((k) => [k, 1] as const)]);

/** `bind` options of HAProxy 2.6 (manual 5.1): option -> number of values it takes. */
export const BIND_OPTIONS: ReadonlyMap<string, number> = opts(
  'accept-proxy allow-0rtt defer-accept force-sslv3 force-tlsv10 force-tlsv11 force-tlsv12 force-tlsv13 generate-certificates ' +
    'no-ca-names no-sslv3 no-tls-tickets no-tlsv10 no-tlsv11 no-tlsv12 no-tlsv13 prefer-client-ciphers quic-force-retry ssl ' +
    'strict-sni tfo transparent v4v6 v6only',
  'accept-netscaler-cip alpn backlog ca-file ca-ignore-err ca-sign-file ca-sign-pass ca-verify-file ciphers ciphersuites crl-file ' +
    'crt crt-ignore-err crt-list curves ecdhe expose-fd gid group id interface level maxconn mode mss name namespace nice npn process ' +
    'proto quic-cc-algo severity-output shards ssl-max-ver ssl-min-ver tcp-ut thread tls-ticket-keys uid user verify',
);

/** `server` / `default-server` options of HAProxy 2.6 (manual 5.2): option -> number of values. */
export const SERVER_OPTIONS: ReadonlyMap<string, number> = opts(
  'agent-check allow-0rtt backup check check-send-proxy check-ssl check-via-socks4 disabled enabled force-sslv3 force-tlsv10 ' +
    'force-tlsv11 force-tlsv12 force-tlsv13 no-agent-check no-backup no-check no-check-ssl no-send-proxy no-send-proxy-v2 ' +
    'no-send-proxy-v2-ssl no-send-proxy-v2-ssl-cn no-ssl no-ssl-reuse no-sslv3 no-tfo no-tls-tickets no-tlsv10 no-tlsv11 no-tlsv12 ' +
    'no-tlsv13 non-stick send-proxy send-proxy-v2 send-proxy-v2-ssl send-proxy-v2-ssl-cn ssl ssl-reuse stick tfo tls-tickets',
  'addr agent-addr agent-inter agent-port agent-send alpn ca-file check-alpn check-proto check-sni ciphers ciphersuites cookie ' +
    'crl-file crt downinter error-limit fall fastinter id init-addr inter log-proto max-reuse maxconn maxqueue minconn namespace npn ' +
    'observe on-error on-marked-down on-marked-up pool-low-conn pool-max-conn pool-purge-delay port proto proxy-v2-options redir ' +
    'resolve-net resolve-opts resolve-prefer resolvers rise slowstart sni socks4 source ssl-max-ver ssl-min-ver tcp-ut track verify ' +
    'verifyhost weight ws',
);
