/**
 * Lab 3's live probes (a keepalived pair of load balancers sharing a virtual IP): metadata only; they
 * run in labs/node/live/no-spof.ts, as one group over one topology (both load balancers' HAProxy and
 * keepalived, lab 1's web tier, a client requesting the VIP every 100 ms throughout).
 *
 * `live/failover` is lab 1's id (a web server stopped behind HAProxy); in a keepalived lab the same id
 * means "the master's HAProxy killed, the VIP moves": `liveVipFailover` carries its messages for the
 * runner and is not a second catalogue entry (one id, one docs page: lab 1's meta stays the catalogue's).
 */
import type { CheckMeta } from '../types';
import { header, lbPort } from '../shared-options';

const common = {
  component: 'live',
  kind: 'live',
  severity: 'error',
  points: 0,
} as const;

const skipped = { skipped: 'not probed: {{reason}}' };
/** A server of the pair that did not start (every probe of the group may say it). */
const notStarted = { 'not-started': '{{host}}: {{server}} did not start: {{error}}' };

export const liveVipOwner: CheckMeta = {
  ...common,
  id: 'live/vip-owner',
  // not keepalived/valid-config: what keepalived refuses never starts (not-started), and what it accepts with a
  // warning (`state SLAVE` read as BACKUP, a long auth_pass cut to 8 characters) elects a master as usual
  agreesWith: ['keepalived/one-master', 'keepalived/same-group'],
  options: { lbPort },
  title: 'After start, exactly one load balancer holds the virtual IP: the one your configuration makes master',
  messages: {
    owner:
      '{{host}} holds the VIP {{vip}} ({{ms}} ms after keepalived started), as your configuration intends ({{why}})',
    tie: '{{host}} holds the VIP {{vip}} ({{ms}} ms after keepalived started) only because its address is higher: both load balancers have priority {{prio}}, so your configuration names no master',
    'wrong-owner': '{{host}} holds the VIP {{vip}}, but your configuration makes {{expected}} the master ({{why}})',
    both: 'both {{hosts}} hold the VIP {{vip}} ({{ms}} ms after keepalived started): two masters',
    none: 'no load balancer holds the VIP {{vip}} {{ms}} ms after keepalived started ({{detail}})',
    'no-config': '{{host}}: no keepalived configuration with a vrrp_instance found',
    'harness-error': 'the sandbox could not run: {{error}}',
    ...notStarted,
    ...skipped,
  },
  hint: 'Both load balancers need the same virtual_router_id, VIP and authentication; the master gets the higher priority (or `state MASTER` with the higher priority), and the VIP must be in `virtual_ipaddress`.',
};

/** `live/failover` in a keepalived lab (not registered: the catalogue's live/failover is lab 1's meta). */
export const liveVipFailover: CheckMeta = {
  ...common,
  id: 'live/failover',
  agreesWith: ['keepalived/failover-math', 'keepalived/tracks-haproxy'],
  options: { lbPort },
  title: "When the master's HAProxy dies, the backup takes the virtual IP within fall x interval + advert_int + 1 s",
  messages: {
    moved:
      "{{master}}'s HAProxy killed: the VIP moved to {{backup}} after {{ms}} ms (allowed {{limit}} ms: {{formula}}); the client requesting {{url}} every 100 ms saw {{failed}} failed of {{total}} requests ({{downtime}})",
    'too-slow':
      "{{master}}'s HAProxy killed: the VIP moved to {{backup}} only after {{ms}} ms (allowed {{limit}} ms: {{formula}}); the client saw {{failed}} failed of {{total}} requests",
    'not-moved':
      "{{master}}'s HAProxy killed: the VIP was still on {{master}} after {{ms}} ms ({{why}}); the client saw {{failed}} failed of {{total}} requests",
    lost: "{{master}}'s HAProxy killed: after {{ms}} ms no load balancer holds the VIP ({{why}})",
    ...notStarted,
    ...skipped,
  },
  hint: 'Track HAProxy in the instance (`track_script`/`track_process`) and make losing it move the VIP: weight 0 (FAULT), or a weight w with P_master - P_backup < w (positive) or P_master + w < P_backup (negative). `weight 2` with priorities 150/100 never moves it.',
};

export const liveLinkFailover: CheckMeta = {
  ...common,
  id: 'live/link-failover',
  agreesWith: ['keepalived/same-group', 'keepalived/unicast-consistent'],
  options: { lbPort },
  title: "When the master's network link is cut, the backup takes the virtual IP",
  messages: {
    moved:
      "{{master}}'s link cut: the VIP moved to {{backup}} after {{ms}} ms (allowed {{limit}} ms: 3 x advert_int {{advert}} s + skew + 1 s); the client saw {{failed}} failed of {{total}} requests ({{downtime}})",
    'too-slow':
      "{{master}}'s link cut: the VIP moved to {{backup}} only after {{ms}} ms (allowed {{limit}} ms: 3 x advert_int {{advert}} s + skew + 1 s)",
    'not-moved': "{{master}}'s link cut: {{backup}} did not take the VIP within {{ms}} ms ({{why}})",
    ...notStarted,
    ...skipped,
  },
  hint: 'The backup takes the VIP when it stops hearing the master: both must be in the same VRRP group (virtual_router_id, authentication), and with unicast each `unicast_peer` must be the other load balancer.',
};

export const liveNoSplitBrain: CheckMeta = {
  ...common,
  id: 'live/no-split-brain',
  agreesWith: ['keepalived/same-group', 'keepalived/unicast-consistent'],
  title: 'The two load balancers never hold the virtual IP at the same time',
  messages: {
    'never-both':
      '{{samples}} samples, one every 100 ms over {{seconds}} s of start, failover, recovery and link cut: never both load balancers held the VIP {{vip}}',
    handover:
      '{{samples}} samples, one every 100 ms over {{seconds}} s of start, failover, recovery and link cut: both load balancers held the VIP {{vip}} only while it changed hands ({{count}} time(s), during {{phases}}; at most {{longest}} ms, within one advert interval of {{advert}} s)',
    both: 'both {{hosts}} held the VIP {{vip}} at once for {{longest}} ms{{still}}, where a handover ends within one advert interval ({{advert}} s): {{count}} of {{samples}} samples (every 100 ms; first {{first}} ms after keepalived started, during {{phase}})',
    unheard:
      '{{master}} held the VIP {{vip}} for {{seconds}} s (from {{phase}}), and {{peer}} received none of its VRRP adverts: {{peer}} cannot know that {{master}} is master, so whenever {{peer}} is up at a lower priority both hold the VIP',
    ...skipped,
  },
  hint: 'Two masters mean two VRRP groups that do not hear each other: use the same virtual_router_id and authentication (auth_type and the first 8 characters of auth_pass) on both, and with unicast list the other load balancer as `unicast_peer` on each (its own address is `unicast_src_ip`); a firewall must let VRRP through both ways.',
};

export const liveBackupServes: CheckMeta = {
  ...common,
  id: 'live/backup-serves',
  agreesWith: ['haproxy/binds-vip', 'haproxy/identical-lbs'],
  options: { header, lbPort },
  title: 'While the backup holds the virtual IP, requests through it reach the web servers',
  messages: {
    serves:
      'while {{backup}} held the VIP, {{ok}} of {{count}} requests to {{url}} were answered by the web servers ({{servedBy}})',
    'not-serving': 'while {{backup}} held the VIP, {{failed}} of {{count}} requests to {{url}} failed: {{codes}}',
    'haproxy-down': '{{backup}} holds the VIP but its HAProxy is not running: {{error}}',
    'haproxy-not-running':
      "{{backup}}'s HAProxy is not running, so it cannot serve the VIP when it takes it: {{error}}",
    ...notStarted,
    ...skipped,
  },
  hint: "The backup's HAProxy must run before it gets the VIP: bind the VIP with `net.ipv4.ip_nonlocal_bind = 1` (in /etc/sysctl.d on both) or bind `*:80`, and give both load balancers the same frontends and backends.",
};

export const liveRecovery: CheckMeta = {
  ...common,
  id: 'live/recovery',
  // not keepalived/one-master: with equal priorities recovery only warns (the configuration decides nothing), and a
  // priority 255 that never lets the VIP go leaves nothing to recover (live/failover)
  agreesWith: ['keepalived/tracks-haproxy'],
  options: { lbPort },
  title:
    "When the master's HAProxy is back, the virtual IP returns to it, or stays with `nopreempt`, as the configuration says",
  messages: {
    preempted:
      "{{master}}'s HAProxy back: the VIP returned to {{master}} after {{ms}} ms, as your configuration says ({{why}})",
    stayed:
      "{{master}}'s HAProxy back: the VIP stayed on {{holder}} for the {{ms}} ms watched, as your configuration says ({{why}})",
    'unexpected-stay':
      "{{master}}'s HAProxy back: the VIP stayed on {{holder}} for {{ms}} ms, but your configuration says {{master}} takes it back ({{why}})",
    'unexpected-return':
      "{{master}}'s HAProxy back: the VIP returned to {{master}} after {{ms}} ms, but your configuration says it stays ({{why}})",
    'haproxy-not-back': "{{master}}'s HAProxy did not start again: {{error}}",
    tie: "{{master}}'s HAProxy back: the VIP {{outcome}}; with both load balancers at priority {{prio}} your configuration does not say which keeps it (keepalived's address tie-break and timing do)",
    ...notStarted,
    ...skipped,
  },
  hint: 'With preemption (the default) the higher-priority load balancer takes the VIP back once its HAProxy check passes `rise` times; `nopreempt` (with `state BACKUP` on both) leaves it where it is.',
};

/** The probes of the keepalived group the catalogue registers (`live/failover` is already lab 1's id). */
export const noSpofMetas: CheckMeta[] = [
  liveVipOwner,
  liveLinkFailover,
  liveNoSplitBrain,
  liveBackupServes,
  liveRecovery,
];

/** The group's probes in report order, with the keepalived meaning of `live/failover`. */
export const noSpofGroupMetas: CheckMeta[] = [
  liveVipOwner,
  liveVipFailover,
  liveLinkFailover,
  liveNoSplitBrain,
  liveBackupServes,
  liveRecovery,
];
