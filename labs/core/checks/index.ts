/**
 * The check catalogue: a static, explicit registry (no readdir, no import side effects), so the
 * site and a browser bundle can import it. Static checks first, by component, then live probes.
 */
import type { CheckDefinition } from './types';
import type { StaticCheck } from './context';
import { liveChecks } from './live';
import { shared } from '../registry';

import haproxyFrontendPort80 from './haproxy/frontend-port-80';
import haproxyBackendRoundrobin from './haproxy/backend-roundrobin';
import haproxyTwoWebServers from './haproxy/two-web-servers';
import haproxyHealthChecks from './haproxy/health-checks';
import haproxyActiveActive from './haproxy/active-active';
import haproxyTimeouts from './haproxy/timeouts';
import haproxyValidConfig from './haproxy/valid-config';
import haproxyForwardfor from './haproxy/forwardfor';
import haproxyHttpHealthCheck from './haproxy/http-health-check';
import haproxyBindsVip from './haproxy/binds-vip';
import haproxyIdenticalLbs from './haproxy/identical-lbs';
import haproxyHttpsBind from './haproxy/https-bind';
import haproxyHttpMode from './haproxy/http-mode';
import haproxyCertHasKey from './haproxy/cert-has-key';
import haproxyRedirectHttps from './haproxy/redirect-https';
import haproxyHsts from './haproxy/hsts';
import haproxyXForwardedProto from './haproxy/x-forwarded-proto';
import tlsMinVersion from './tls/min-version';
import tlsVersionOptionsMixed from './tls/version-options-mixed';
import tlsCiphersKnown from './tls/ciphers-known';
import tlsCiphersStrong from './tls/ciphers-strong';
import tlsCurvesSupported from './tls/curves-supported';
import nginxListen80 from './nginx/listen-80';
import nginxXServedBy from './nginx/x-served-by';
import nginxServesApp from './nginx/serves-app';
import nginxIdenticalServers from './nginx/identical-servers';
import nginxValidConfig from './nginx/valid-config';
import nginxProxyHeaders from './nginx/proxy-headers';
import mysqlPrimaryServerId from './mysql/primary-server-id';
import mysqlDistinctServerIds from './mysql/distinct-server-ids';
import mysqlPrimaryBinlog from './mysql/primary-binlog';
import mysqlPrimaryReachable from './mysql/primary-reachable';
import mysqlReplicatedDatabase from './mysql/replicated-database';
import mysqlReplicaReadOnly from './mysql/replica-read-only';
import mysqlReplicationUser from './mysql/replication-user';
import mysqlReplicaSource from './mysql/replica-source';
import mysqlReplicationLeastPrivilege from './mysql/replication-least-privilege';
import keepalivedValidConfig from './keepalived/valid-config';
import keepalivedSameGroup from './keepalived/same-group';
import keepalivedOneMaster from './keepalived/one-master';
import keepalivedTracksHaproxy from './keepalived/tracks-haproxy';
import keepalivedFailoverMath from './keepalived/failover-math';
import keepalivedScriptSecurity from './keepalived/script-security';
import keepalivedUnicastConsistent from './keepalived/unicast-consistent';
import firewallVrrpAllowed from './firewall/vrrp-allowed';
import firewallEnabled from './firewall/enabled';
import firewallDefaultDeny from './firewall/default-deny';
import firewallSshBeforeEnable from './firewall/ssh-before-enable';
import firewallTcpOnly from './firewall/tcp-only';
import firewallLbPorts from './firewall/lb-ports';
import firewallWebFromLbOnly from './firewall/web-from-lb-only';
import firewallAppFromWebOnly from './firewall/app-from-web-only';
import firewallDbRestricted from './firewall/db-restricted';
import firewallRuleOrder from './firewall/rule-order';
import firewallRepliesAllowed from './firewall/replies-allowed';
import firewallPortForward8080 from './firewall/port-forward-8080';
import monitoringHaproxyMetrics from './monitoring/haproxy-metrics';
import monitoringNginxStatus from './monitoring/nginx-status';
import monitoringCollectors from './monitoring/collectors';
import monitoringAlertBackendDown from './monitoring/alert-backend-down';
import monitoringPrometheusConfig from './monitoring/prometheus-config';
import designAnswers from './design/answers';
import submissionFilesRecognised from './submission/files-recognised';
import submissionScriptsReconstructed from './submission/scripts-reconstructed';

const builtinStatic: StaticCheck[] = [
  haproxyFrontendPort80,
  haproxyBackendRoundrobin,
  haproxyTwoWebServers,
  haproxyHealthChecks,
  haproxyActiveActive,
  haproxyTimeouts,
  haproxyValidConfig,
  haproxyForwardfor,
  haproxyHttpHealthCheck,
  haproxyBindsVip,
  haproxyIdenticalLbs,
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
  nginxListen80,
  nginxXServedBy,
  nginxServesApp,
  nginxIdenticalServers,
  nginxValidConfig,
  nginxProxyHeaders,
  mysqlPrimaryServerId,
  mysqlDistinctServerIds,
  mysqlPrimaryBinlog,
  mysqlPrimaryReachable,
  mysqlReplicatedDatabase,
  mysqlReplicaReadOnly,
  mysqlReplicationUser,
  mysqlReplicaSource,
  mysqlReplicationLeastPrivilege,
  keepalivedValidConfig,
  keepalivedSameGroup,
  keepalivedOneMaster,
  keepalivedTracksHaproxy,
  keepalivedFailoverMath,
  keepalivedScriptSecurity,
  keepalivedUnicastConsistent,
  firewallVrrpAllowed,
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
  designAnswers,
  submissionFilesRecognised,
  submissionScriptsReconstructed,
];

/** The catalogue: the built-in checks, then those labs' plug-ins register (one per process: registry.ts). */
const registry = shared('checks', () => ({
  staticChecks: [...builtinStatic],
  checks: [...(builtinStatic as unknown as CheckDefinition[]), ...liveChecks],
}));
export const staticChecks: StaticCheck[] = registry.staticChecks;
export const checks: CheckDefinition[] = registry.checks;

export function findCheck(id: string): CheckDefinition | undefined {
  return checks.find((c) => c.meta.id === id);
}

/**
 * Adds a lab's own checks (static ones with `run`, probes' metadata with `kind: 'live'`) to the
 * catalogue: called by a lab's plug-in module (labs/node/plugins.ts), never as an import side effect.
 * An id already taken by another definition is an error.
 */
export function registerChecks(defs: ReadonlyArray<CheckDefinition>): void {
  for (const d of defs) {
    const have = findCheck(d.meta.id);
    if (have === d) continue;
    if (have) throw new Error(`check '${d.meta.id}' is registered twice`);
    if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(d.meta.id)) throw new Error(`check id '${d.meta.id}' must be component/name`);
    checks.push(d);
    if (d.meta.kind === 'static' && typeof d.run === 'function') staticChecks.push(d as unknown as StaticCheck);
  }
}
