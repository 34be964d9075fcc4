/**
 * Lab 2's checks (secured-monitored: HTTPS at the load balancer, a firewall per host, monitoring): its static checks and its live probes' metadata, one module so that a browser loads them only when it
 * checks this lab (../index.browser.ts); the CLI and the site carry every pack (../index.ts).
 */
import type { CheckDefinition } from '../types';
import type { StaticCheck } from '../context';
import { securedMetas } from '../live/secured';
import haproxyHttpsBind from '../haproxy/https-bind';
import haproxyHttpMode from '../haproxy/http-mode';
import haproxyCertHasKey from '../haproxy/cert-has-key';
import haproxyRedirectHttps from '../haproxy/redirect-https';
import haproxyHsts from '../haproxy/hsts';
import haproxyXForwardedProto from '../haproxy/x-forwarded-proto';
import tlsMinVersion from '../tls/min-version';
import tlsVersionOptionsMixed from '../tls/version-options-mixed';
import tlsCiphersKnown from '../tls/ciphers-known';
import tlsCiphersStrong from '../tls/ciphers-strong';
import tlsCurvesSupported from '../tls/curves-supported';
import firewallEnabled from '../firewall/enabled';
import firewallDefaultDeny from '../firewall/default-deny';
import firewallSshBeforeEnable from '../firewall/ssh-before-enable';
import firewallTcpOnly from '../firewall/tcp-only';
import firewallLbPorts from '../firewall/lb-ports';
import firewallWebFromLbOnly from '../firewall/web-from-lb-only';
import firewallAppFromWebOnly from '../firewall/app-from-web-only';
import firewallDbRestricted from '../firewall/db-restricted';
import firewallRuleOrder from '../firewall/rule-order';
import firewallRepliesAllowed from '../firewall/replies-allowed';
import firewallPortForward8080 from '../firewall/port-forward-8080';
import monitoringHaproxyMetrics from '../monitoring/haproxy-metrics';
import monitoringNginxStatus from '../monitoring/nginx-status';
import monitoringCollectors from '../monitoring/collectors';
import monitoringAlertBackendDown from '../monitoring/alert-backend-down';
import monitoringPrometheusConfig from '../monitoring/prometheus-config';

export const packStatic: StaticCheck[] = [
  haproxyHttpsBind,
  haproxyHttpMode,
  haproxyCertHasKey,
  haproxyRedirectHttps,
  haproxyHsts,
  haproxyXForwardedProto,
  tlsMinVersion,
  tlsVersionOptionsMixed,
  tlsCiphersKnown,
  tlsCiphersStrong,
  tlsCurvesSupported,
  firewallEnabled,
  firewallDefaultDeny,
  firewallSshBeforeEnable,
  firewallTcpOnly,
  firewallLbPorts,
  firewallWebFromLbOnly,
  firewallAppFromWebOnly,
  firewallDbRestricted,
  firewallRuleOrder,
  firewallRepliesAllowed,
  firewallPortForward8080,
  monitoringHaproxyMetrics,
  monitoringNginxStatus,
  monitoringCollectors,
  monitoringAlertBackendDown,
  monitoringPrometheusConfig,
];

export const packChecks: CheckDefinition[] = [
  ...(packStatic as unknown as CheckDefinition[]),
  ...securedMetas.map((meta) => ({ meta })),
];
