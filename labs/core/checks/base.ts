/**
 * The checks every lab's engine carries: lab 1's (distributed-web) and those any lab's answer meets (the design
 * questions, the files recognised, the scripts reconstructed). Labs 2 and 3 add their own (./packs/), which a
 * browser loads only for the lab it checks (./index.browser.ts).
 */
import type { StaticCheck } from './context';
import haproxyFrontendPort80 from './haproxy/frontend-port-80';
import haproxyBackendRoundrobin from './haproxy/backend-roundrobin';
import haproxyTwoWebServers from './haproxy/two-web-servers';
import haproxyHealthChecks from './haproxy/health-checks';
import haproxyActiveActive from './haproxy/active-active';
import haproxyTimeouts from './haproxy/timeouts';
import haproxyValidConfig from './haproxy/valid-config';
import haproxyForwardfor from './haproxy/forwardfor';
import haproxyHttpHealthCheck from './haproxy/http-health-check';
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
import designAnswers from './design/answers';
import submissionFilesRecognised from './submission/files-recognised';
import submissionScriptsReconstructed from './submission/scripts-reconstructed';

export const baseStatic: StaticCheck[] = [
  haproxyFrontendPort80,
  haproxyBackendRoundrobin,
  haproxyTwoWebServers,
  haproxyHealthChecks,
  haproxyActiveActive,
  haproxyTimeouts,
  haproxyValidConfig,
  haproxyForwardfor,
  haproxyHttpHealthCheck,
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
  designAnswers,
  submissionFilesRecognised,
  submissionScriptsReconstructed,
];
