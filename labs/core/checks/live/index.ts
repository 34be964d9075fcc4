/**
 * Live-mode probes (`live/...`): metadata only in the core; the probes themselves run in
 * labs/node/live (they start the learner's servers). Findings carry what was seen.
 * Live checks score no points by default (a lab spec may give them points).
 */
import type { CheckDefinition, CheckMeta } from '../types';
import { appPort, appRoute, database, header, webPort } from '../shared-options';

const common = {
  component: 'live',
  kind: 'live',
  severity: 'error',
  points: 0,
} as const;

const skipped = { skipped: 'not probed: {{reason}}' };

export const liveValidStart: CheckMeta = {
  ...common,
  id: 'live/valid-start',
  agreesWith: ['haproxy/valid-config', 'nginx/valid-config'],
  options: { webPort, appPort },
  title: 'Each server starts with your configuration',
  messages: {
    started: '{{host}}: {{server}} started with your configuration ({{ms}} ms)',
    'not-answering': '{{host}}: {{server}} started but does not answer on {{address}} ({{detail}})',
    failed: '{{host}}: {{server}} did not start: {{error}}',
    refused: '{{host}}: not started: {{path}} {{why}}',
    'sql-failed': '{{host}}: your SQL failed: {{error}}',
    'harness-error': 'the sandbox could not be set up: {{error}}',
    ...skipped,
  },
  hint: "Run the server's own check on that host (`haproxy -c -f FILE`, `nginx -t`, `mariadbd --help --verbose`) and fix the line it names.",
};

export const liveRoundRobin: CheckMeta = {
  ...common,
  id: 'live/round-robin',
  agreesWith: [
    'haproxy/backend-roundrobin',
    'haproxy/two-web-servers',
    'haproxy/active-active',
    'nginx/x-served-by',
    'nginx/listen-80',
  ],
  options: { header, appRoute, webPort },
  title: 'Requests through the load balancer alternate between the web servers',
  messages: {
    sequence: '{{count}} requests to {{url}} were answered by: {{sequence}}',
    'not-alternating': 'the answers do not alternate between {{servers}}: {{sequence}}',
    'one-server': '{{missing}} received none of the {{count}} requests (HAProxy session counters: {{counters}})',
    errors: '{{errors}} of {{count}} requests failed: {{codes}}',
    'no-header':
      '{{count}} answers to {{url}} carried no {{header}} header, so the server that answered cannot be told',
    algorithm: 'the running backend {{backend}} balances with `{{algo}}`, not round-robin (seen on the stats socket)',
    ...skipped,
  },
  hint: 'Both web servers must be in the backend with `balance roundrobin` (the default), not `backup`, up, and each must add the header that names it (the lab says which).',
};

export const liveFailover: CheckMeta = {
  ...common,
  id: 'live/failover',
  agreesWith: ['haproxy/health-checks', 'haproxy/two-web-servers', 'haproxy/active-active', 'nginx/listen-80'],
  options: { header, webPort },
  title: 'When a web server stops, every request goes to the other; when it comes back, it gets traffic again',
  messages: {
    'down-detected':
      '{{victim}} stopped; HAProxy marked it DOWN after {{ms}} ms (allowed {{limit}} ms: fall {{fall}} x inter {{inter}} ms + 1 s; {{from}})',
    'not-detected':
      '{{victim}} stopped; HAProxy still had it {{status}} after {{limit}} ms (fall {{fall}} x inter {{inter}} ms + 1 s)',
    'no-health-check':
      'HAProxy does not health-check {{victim}} (no `check` on its server line), so a stopped {{victim}} is never taken out of rotation',
    'all-to-survivor':
      'while {{victim}} was down, {{count}} of {{count}} requests were answered, all by {{survivor}} (HAProxy session counters: {{survivor}} +{{n1}}, {{victim}} +{{n2}})',
    'not-all-to-survivor':
      'while {{victim}} was down, the answers were: {{sequence}} (HAProxy session counters: {{survivor}} +{{n1}}, {{victim}} +{{n2}})',
    recovered:
      '{{victim}} restarted; HAProxy marked it UP after {{ms}} ms and it received {{n}} of {{count}} requests again',
    'not-recovered': '{{victim}} restarted but {{detail}}',
    ...skipped,
  },
  hint: 'Give every server `check` so HAProxy notices a dead server (health checks), and keep both servers active (no `backup`).',
};

export const liveAppPath: CheckMeta = {
  ...common,
  id: 'live/app-path',
  agreesWith: ['nginx/serves-app'],
  options: { appRoute, appPort, webPort },
  title: 'A request through the load balancer and Nginx reaches the application server',
  messages: {
    answered: 'GET {{url}} through {{lb}} -> {{web}} -> app: answered by {{host}} ({{status}})',
    'bad-status': 'GET {{url}} through {{lb}} answered {{status}}: {{body}}',
    'wrong-answer': 'GET {{url}} through {{lb}} answered {{status}} but not from the application server: {{body}}',
    'db-path': 'through {{web}} and the application: {{detail}}',
    ...skipped,
  },
  hint: 'The application route (its `location` block) must `proxy_pass` to the application server address and port that it listens on.',
};

export const liveReplication: CheckMeta = {
  ...common,
  id: 'live/replication',
  agreesWith: [
    'mysql/replica-source',
    'mysql/replication-user',
    'mysql/primary-binlog',
    'mysql/distinct-server-ids',
    'mysql/primary-server-id',
    'mysql/primary-reachable',
    'mysql/replicated-database',
  ],
  options: { database },
  title: 'Replication configured from your files runs and copies a row within 2 s',
  messages: {
    running: 'replica threads: Slave_IO_Running {{io}}, Slave_SQL_Running {{sql}} (source {{source}})',
    'not-running': 'replica threads: Slave_IO_Running {{io}}, Slave_SQL_Running {{sql}}',
    'canary-ok': 'a row written on db-primary appeared on db-replica after {{ms}} ms',
    'canary-missing': 'a row written on db-primary did not appear on db-replica within {{ms}} ms',
    ...skipped,
  },
  hint: 'Check the replica error shown: the source address and port, the replication user and its password, distinct server ids and the binary log on the primary.',
};

export const liveReplicaReadOnly: CheckMeta = {
  ...common,
  id: 'live/replica-read-only',
  agreesWith: ['mysql/replica-read-only'],
  title: 'The replica refuses a write by the application user',
  messages: {
    refused: 'a write as {{user}} on db-replica was refused: {{error}}',
    accepted: 'a write as {{user}} on db-replica was accepted: the replica is writable',
    'user-created': 'your SQL creates no application user: the harness created {{user}} for this probe',
    inconclusive: 'the write as {{user}} failed for another reason: {{error}}',
    ...skipped,
  },
  hint: 'Set `read_only = ON` (better `super_read_only = ON` on MySQL) in the replica option file.',
};

export const liveMetas: CheckMeta[] = [
  liveValidStart,
  liveRoundRobin,
  liveFailover,
  liveAppPath,
  liveReplication,
  liveReplicaReadOnly,
];

/** Lab 1's probes (labs 2 and 3 bring theirs in their packs: ../packs/). */
export const liveChecks: CheckDefinition[] = liveMetas.map((meta) => ({ meta }));

/**
 * Where a static check and a live probe speak of the same thing (each probe's `agreesWith`). A live
 * probe's verdict is predicted by ALL static checks of its group: a live failure that another failing
 * static check of the group explains is agreement, not a contradiction.
 */
export const AGREEMENT_GROUPS: Record<string, string[]> = Object.fromEntries(
  liveMetas.map((m) => [m.id, m.agreesWith ?? []]),
);
