/**
 * keepalived in live mode, the parts that need no process: what the learner's configuration (the
 * parser's `KeepalivedConf`, from the model) says should happen, and the configuration the sandbox
 * really runs, rewritten from it.
 *
 * The sandbox never runs learner code. A `vrrp_script`'s command is learner code, and so is every
 * `notify*` script: the configuration keepalived runs is written by `sandboxConf` from the parsed
 * instance (state, interface, virtual_router_id, priority, advert_int, authentication, VIPs, unicast,
 * nopreempt, preempt_delay, tracks) and nothing else. A track that is a known check of HAProxy
 * (`killall -0 haproxy`, `pidof`, `pgrep`, `systemctl is-active haproxy`, curl/nc/wget of this host)
 * becomes the harness's own check script, with the learner's interval, weight, fall, rise and timeout;
 * a `vrrp_track_process` watching haproxy becomes the same script, with its weight (its delay as fall and
 * rise). Why not `vrrp_track_process`: it needs the kernel's process-events connector, which exists only
 * in the initial network namespace (keepalived 2.2.7 in a namespace: "Failed to set/clear process event
 * listen - errno 111", and the instance stays in FAULT). The harness's script asks the kernel whether a
 * TCP server listens in this host's network namespace, where HAProxy is the only one.
 * Every rewrite is returned as a change the report lists.
 */
import type {
  KaStatement,
  KaTrackRef,
  KaVrrpInstance,
  KaVrrpScript,
  KeepalivedConf,
} from '../../core/parsers/keepalived/types';
import { HOST_NAME_SYMBOL } from '../../core/parsers/shell/symbols';

/** Where the harness's check lives inside a load balancer's private /etc/keepalived. */
export const CHECK_SCRIPT_PATH = '/etc/keepalived/wil-haproxy-listening';
/**
 * The harness's HAProxy check: is a TCP socket listening in this network namespace (/proc/net is the
 * reader's own namespace)? HAProxy is the only TCP server of a load balancer host in the sandbox.
 */
export const CHECK_SCRIPT_TEXT = `#!/bin/sh
# web-infra-lab live mode: the check that stands in for your vrrp_script / vrrp_track_process.
# Succeeds while a TCP server (this host's HAProxy, the only one here) listens in this network namespace.
exec /usr/bin/awk '$4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6
`;

/** What a learner's track command checks, when the harness recognises it. */
export type TrackCheck = 'process' | 'http';

const strip = (s: string): string => s.trim().replace(/^(["'])(.*)\1$/, '$2');

/**
 * Classifies a `vrrp_script`'s command: a known check of the HAProxy process, or of the HTTP service on
 * this host; undefined for anything else (which is not run). Linear regexes only.
 */
export function classifyScript(command: string | undefined): TrackCheck | undefined {
  if (!command) return undefined;
  let c = strip(command);
  // `sh -c "..."` / `bash -c '...'` wrappers
  const wrap = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da)?sh\s+-c\s+(.*)$/.exec(c);
  if (wrap) c = strip(wrap[1]);
  if (c.length > 300 || /[;&|`$<>]/.test(c.replace(/\s*>\s*\/dev\/null(\s+2>&1)?\s*$/, ''))) return undefined;
  c = c.replace(/\s*>\s*\/dev\/null(\s+2>&1)?\s*$/, '');
  const bin = '(?:/(?:usr/)?s?bin/)?';
  const hap = 'haproxy(?:\\.service)?';
  const process = [
    new RegExp(`^${bin}killall\\s+(?:-0|-s\\s*0|--signal\\s+0)\\s+${hap}$`),
    new RegExp(`^${bin}pidof\\s+(?:-\\S+\\s+)*${hap}$`),
    new RegExp(`^${bin}pgrep\\s+(?:-\\S+\\s+)*["']?\\^?${hap}\\$?["']?$`),
    new RegExp(`^${bin}pkill\\s+-0\\s+(?:-\\S+\\s+)*${hap}$`),
    new RegExp(`^${bin}systemctl\\s+(?:--quiet\\s+|-q\\s+)?is-active\\s+(?:--quiet\\s+|-q\\s+)?${hap}$`),
    new RegExp(`^${bin}service\\s+${hap}\\s+status$`),
  ];
  if (process.some((re) => re.test(c))) return 'process';
  const local = '(?:localhost|127\\.0\\.0\\.1|\\[::1\\]|0\\.0\\.0\\.0|\\d{1,3}(?:\\.\\d{1,3}){3})';
  const http = [
    new RegExp(`^${bin}curl\\s+(?:-[\\w-]+(?:\\s+\\d+)?\\s+)*["']?https?://${local}(?::\\d+)?(?:/\\S*)?["']?$`),
    new RegExp(`^${bin}wget\\s+(?:-[\\w-]+(?:\\s+\\d+)?\\s+)*["']?https?://${local}(?::\\d+)?(?:/\\S*)?["']?$`),
    new RegExp(`^${bin}(?:nc|ncat|netcat)\\s+(?:-[\\w]+\\s+(?:\\d+\\s+)?)*${local}\\s+\\d+$`),
  ];
  if (http.some((re) => re.test(c))) return 'http';
  return undefined;
}

/** One HAProxy check the sandbox's instance tracks, with the learner's numbers. */
export interface Tracker {
  /** The learner's name (vrrp_script / vrrp_track_process). */
  name: string;
  from: 'script' | 'process';
  /** As the instance applies it (a per-reference weight overrides the script's). */
  weight: number;
  intervalS: number;
  fall: number;
  rise: number;
  timeoutS?: number;
  /** How long HAProxy's loss takes to be seen: fall x interval (a process track: its delay, at least 1 s). */
  detectS: number;
  /** For a process track: its `delay` (fork/terminate), in seconds. */
  delayS?: number;
}

export interface InstancePlan {
  host: string;
  /** The host's sandbox address. */
  address: string;
  inst: KaVrrpInstance;
  trackers: Tracker[];
  /** The running configuration's text. */
  text: string;
  /** What was rewritten, dropped or mapped (each a report change). */
  changes: string[];
  base: number;
  /** Effective priority while HAProxy runs. */
  ok: number;
  /** Effective priority once HAProxy is gone; 'fault' when a weight-0 track puts the instance in FAULT. */
  down: number | 'fault';
  /** An address owner (priority 255): keepalived ignores weighted tracks. */
  owner: boolean;
  /** The weighted tracks an address owner ignores. */
  ownerIgnores: string[];
  advertS: number;
  vrid?: number;
  nopreempt: boolean;
  preemptDelayS: number;
}

const clampPrio = (p: number, owner: boolean): number => (owner ? 255 : Math.max(1, Math.min(254, p)));

/** A token that may be written into the running configuration as is (no block, comment, quote or blank). */
const SAFE = /^[A-Za-z0-9_.:/@%+=,-]{1,64}$/;

/** Instance keywords passed through as written (their arguments checked by SAFE): timing only, no command. */
const PASS_THROUGH = new Set([
  'garp_master_delay',
  'garp_master_repeat',
  'garp_master_refresh',
  'garp_master_refresh_repeat',
  'garp_lower_prio_delay',
  'garp_lower_prio_repeat',
  'lower_prio_no_advert',
  'higher_prio_send_advert',
  'dont_track_primary',
  'version',
  'skip_check_adv_addr',
]);
/** Instance keywords the rewrite models itself. */
const MODELLED = new Set([
  'state',
  'interface',
  'virtual_router_id',
  'priority',
  'advert_int',
  'authentication',
  'virtual_ipaddress',
  'unicast_src_ip',
  'unicast_peer',
  'track_script',
  'track_process',
  'track_interface',
  'nopreempt',
  'preempt_delay',
]);
const GLOBAL_PASS = new Set([
  'router_id',
  'vrrp_version',
  'vrrp_skip_check_adv_addr',
  'vrrp_garp_master_delay',
  'vrrp_garp_master_repeat',
  'vrrp_garp_master_refresh',
  'vrrp_garp_master_refresh_repeat',
  'vrrp_garp_interval',
  'vrrp_gna_interval',
  'vrrp_lower_prio_no_advert',
  'vrrp_higher_prio_send_advert',
  'vrrp_priority',
]);

/** The instance's own statement (for the keywords the parser keeps generically). */
function instanceStatement(conf: KeepalivedConf, name: string): KaStatement | undefined {
  return conf.statements.find((s) => s.keyword === 'vrrp_instance' && s.args[0] === name);
}

export interface RewriteInput {
  host: string;
  /** The host's sandbox address. */
  address: string;
  conf: KeepalivedConf;
  /** Learner address (lower case) -> sandbox address (hosts and the VIP). */
  addressMap: ReadonlyMap<string, string>;
  /** The sandbox's interface name. */
  iface: string;
  /** What a script's `$(hostname)` (HOST_NAME_SYMBOL) becomes: the host's own name. */
  hostName?: string;
}

/** The first vrrp_instance, planned: the configuration the sandbox runs, and what it predicts. */
export function planInstance(input: RewriteInput): InstancePlan | undefined {
  const { conf, host, iface } = input;
  const inst = conf.instances[0];
  if (!inst) return undefined;
  const changes: string[] = [];
  const map = (a: string): string => input.addressMap.get(a.toLowerCase()) ?? a;
  if (conf.instances.length > 1)
    changes.push(
      `keepalived: only the first vrrp_instance (${inst.name}) runs in the sandbox; ${conf.instances
        .slice(1)
        .map((i) => i.name)
        .join(', ')} not run`,
    );

  // tracks: the instance's references, resolved against the scripts and process tracks it defines
  const trackers: Tracker[] = [];
  const refs: Array<{ ref: KaTrackRef; kind: 'script' | 'process' }> = [
    ...inst.trackScripts.map((ref) => ({ ref, kind: 'script' as const })),
    ...inst.trackProcesses.map((ref) => ({ ref, kind: 'process' as const })),
  ];
  for (const { ref, kind } of refs) {
    if (kind === 'script') {
      const s: KaVrrpScript | undefined = conf.scripts.find((x) => x.name === ref.name);
      if (!s) {
        changes.push(
          `keepalived: track_script ${ref.name} names no vrrp_script (keepalived ignores it too): nothing tracked for it`,
        );
        continue;
      }
      const check = classifyScript(s.script);
      if (!check) {
        changes.push(
          `keepalived: vrrp_script ${s.name} (\`${(s.script ?? '').slice(0, 80)}\`) is not a known check of HAProxy: not run (the sandbox runs no command of yours), so the instance does not track it`,
        );
        continue;
      }
      const intervalS = s.interval ?? 1;
      const fall = s.fall ?? 1;
      const rise = s.rise ?? 1;
      trackers.push({
        name: s.name,
        from: 'script',
        weight: ref.weight ?? s.weight ?? 0,
        intervalS,
        fall,
        rise,
        ...(s.timeout !== undefined ? { timeoutS: s.timeout } : {}),
        detectS: fall * intervalS,
      });
      changes.push(
        `keepalived: vrrp_script ${s.name}'s command \`${(s.script ?? '').slice(0, 80)}\` (a ${check === 'process' ? 'check of the HAProxy process' : 'request to this host'}) replaced by the sandbox's own check that HAProxy listens (${CHECK_SCRIPT_PATH}); interval ${intervalS}, fall ${fall}, rise ${rise}, weight ${ref.weight ?? s.weight ?? 0} kept`,
      );
    } else {
      const p = conf.trackProcesses.find((x) => x.name === ref.name);
      if (!p) {
        changes.push(
          `keepalived: track_process ${ref.name} names no vrrp_track_process (keepalived ignores it too): nothing tracked for it`,
        );
        continue;
      }
      if (!/^(?:\/(?:usr\/)?s?bin\/)?haproxy$/.test(p.process ?? '')) {
        changes.push(
          `keepalived: vrrp_track_process ${p.name} watches ${p.process ?? '(no process)'}, not haproxy: not tracked in the sandbox`,
        );
        continue;
      }
      const delay = p.delay ?? 0;
      const n = Math.max(1, Math.ceil(delay));
      trackers.push({
        name: p.name,
        from: 'process',
        weight: ref.weight ?? p.weight ?? 0,
        intervalS: 1,
        fall: n,
        rise: n,
        detectS: n,
        ...(p.delay !== undefined ? { delayS: p.delay } : {}),
      });
      changes.push(
        `keepalived: vrrp_track_process ${p.name} (process haproxy${p.delay !== undefined ? `, delay ${p.delay}` : ''}) runs as a check script every 1 s (fall ${n}, rise ${n}, weight ${ref.weight ?? p.weight ?? 0}): keepalived cannot watch processes from inside a network namespace (the kernel's process events exist only in the initial one)`,
      );
    }
  }

  const base = inst.priority ?? 100;
  const owner = base === 255;
  const weighted = trackers.filter((t) => t.weight !== 0);
  if (owner && weighted.length)
    changes.push(
      `keepalived: priority 255 (address owner): keepalived ignores the weights of ${weighted.map((t) => t.name).join(', ')}`,
    );
  const live = owner ? trackers.filter((t) => t.weight === 0) : trackers;
  const ok = clampPrio(base + live.reduce((a, t) => a + (t.weight > 0 ? t.weight : 0), 0), owner);
  const down: number | 'fault' = live.some((t) => t.weight === 0)
    ? 'fault'
    : clampPrio(base + live.reduce((a, t) => a + (t.weight < 0 ? t.weight : 0), 0), owner);

  // the running configuration
  const L: string[] = [
    `# web-infra-lab live mode: ${host}'s keepalived configuration as the sandbox runs it, rewritten from yours`,
    '# (no command of yours runs: tracks of HAProxy use the sandbox check, see live.changes)',
    'global_defs {',
  ];
  const gd = conf.statements.find((s) => s.keyword === 'global_defs');
  const droppedGlobal: string[] = [];
  for (const st of gd?.children ?? []) {
    const args = st.args.map((a) => a.split(HOST_NAME_SYMBOL).join(input.hostName ?? host));
    if (GLOBAL_PASS.has(st.keyword) && !st.children && args.every((a) => SAFE.test(a)))
      L.push(`    ${[st.keyword, ...args].join(' ')}`);
    else if (!['enable_script_security', 'script_user'].includes(st.keyword)) droppedGlobal.push(st.keyword);
  }
  L.push('    enable_script_security', '    script_user nobody', '}');
  if (droppedGlobal.length)
    changes.push(`keepalived: global_defs ${[...new Set(droppedGlobal)].join(', ')} not used in the sandbox`);
  for (const t of live)
    L.push(
      `vrrp_script ${safeName(t.name)} {`,
      `    script "${CHECK_SCRIPT_PATH}"`,
      `    interval ${t.intervalS}`,
      ...(t.timeoutS !== undefined ? [`    timeout ${t.timeoutS}`] : []),
      `    fall ${t.fall}`,
      `    rise ${t.rise}`,
      `    weight ${t.weight}`,
      '}',
    );
  L.push(`vrrp_instance ${safeName(inst.name)} {`);
  if (inst.state !== undefined) {
    if (SAFE.test(inst.state)) L.push(`    state ${inst.state}`);
    else changes.push(`keepalived: state ${inst.state.slice(0, 20)} not written (not a plain word)`);
  }
  if (inst.interface !== undefined && inst.interface !== iface)
    changes.push(`keepalived: interface ${inst.interface} -> ${iface} (the sandbox host's only interface)`);
  L.push(`    interface ${iface}`);
  if (inst.virtualRouterId !== undefined) L.push(`    virtual_router_id ${inst.virtualRouterId}`);
  if (inst.priority !== undefined) L.push(`    priority ${inst.priority}`);
  if (inst.advertInt !== undefined) L.push(`    advert_int ${inst.advertInt}`);
  if (inst.authType !== undefined || inst.authPass !== undefined) {
    L.push('    authentication {');
    if (inst.authType !== undefined && SAFE.test(inst.authType)) L.push(`        auth_type ${inst.authType}`);
    if (inst.authPass !== undefined) L.push(`        auth_pass ${quoteArg(inst.authPass)}`);
    L.push('    }');
  }
  L.push('    virtual_ipaddress {');
  for (const v of inst.vips) {
    const to = map(v.address);
    const dev = v.dev !== undefined ? ` dev ${iface}` : '';
    if (v.dev !== undefined && v.dev !== iface)
      changes.push(`keepalived: VIP ${v.address} dev ${v.dev} -> dev ${iface}`);
    if (v.extra.length) changes.push(`keepalived: VIP ${v.address}: \`${v.extra.join(' ').slice(0, 60)}\` not used`);
    L.push(`        ${to}${v.prefix !== undefined ? `/${v.prefix}` : ''}${dev}`);
  }
  L.push('    }');
  if (inst.unicastSrcIp !== undefined) L.push(`    unicast_src_ip ${map(inst.unicastSrcIp)}`);
  if (inst.unicastPeers.length) {
    L.push('    unicast_peer {');
    for (const p of inst.unicastPeers) L.push(`        ${map(p.address)}`);
    L.push('    }');
  }
  if (live.length) {
    L.push('    track_script {');
    // the weight is the script's own in the running configuration (a per-reference weight was folded in)
    for (const t of live) L.push(`        ${safeName(t.name)}`);
    L.push('    }');
  }
  if (inst.trackInterfaces.length) {
    L.push('    track_interface {');
    for (const t of inst.trackInterfaces) {
      if (t.name !== iface) changes.push(`keepalived: track_interface ${t.name} -> ${iface}`);
      L.push(`        ${iface}${t.weight !== undefined ? ` weight ${t.weight}` : ''}`);
    }
    L.push('    }');
  }
  if (inst.nopreempt) L.push('    nopreempt');
  if (inst.preemptDelay !== undefined) L.push(`    preempt_delay ${inst.preemptDelay}`);
  const st = instanceStatement(conf, inst.name);
  const dropped: string[] = [];
  for (const c of st?.children ?? []) {
    if (MODELLED.has(c.keyword)) continue;
    if (PASS_THROUGH.has(c.keyword) && !c.children && c.args.every((a) => SAFE.test(a)))
      L.push(`    ${[c.keyword, ...c.args].join(' ')}`);
    else dropped.push(c.keyword);
  }
  if (dropped.length)
    changes.push(
      `keepalived: ${[...new Set(dropped)].join(', ')} in ${inst.name} not used in the sandbox${dropped.some((d) => /notify|script/.test(d)) ? ' (no command of yours runs)' : ''}`,
    );
  L.push('}');
  return {
    host,
    address: input.address,
    inst,
    trackers: live,
    text: L.join('\n') + '\n',
    changes,
    base,
    ok,
    down,
    owner,
    ownerIgnores: owner ? weighted.map((t) => t.name) : [],
    advertS: inst.advertInt ?? 1,
    ...(inst.virtualRouterId !== undefined ? { vrid: inst.virtualRouterId } : {}),
    nopreempt: inst.nopreempt,
    preemptDelayS: inst.preemptDelay ?? 0,
  };
}

function safeName(name: string): string {
  return SAFE.test(name) ? name : name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'unnamed';
}

function quoteArg(v: string): string {
  if (SAFE.test(v)) return v;
  return `"${v.replace(/["\\\n\r{}#!]/g, '_').slice(0, 64)}"`;
}

const ipInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/** Which instance wins an election between `a` and `b` with these priorities (VRRP: higher priority, then higher address). */
export function winner(a: { prio: number; address: string }, b: { prio: number; address: string }): 'a' | 'b' {
  if (a.prio !== b.prio) return a.prio > b.prio ? 'a' : 'b';
  return ipInt(a.address) >= ipInt(b.address) ? 'a' : 'b';
}

export interface Prediction {
  /** The intended master (highest effective priority while both HAProxys run). */
  master: InstancePlan;
  backup: InstancePlan;
  why: string;
  /** Losing the master's HAProxy moves the VIP, by the configuration. */
  failoverMoves: boolean;
  failoverWhy: string;
  /** fall x interval (largest HAProxy track) + advert_int + 1 s, in ms; undefined without a track. */
  failoverLimitMs?: number;
  failoverFormula: string;
  /** The master takes the VIP back once its HAProxy is back. */
  preempts: boolean;
  preemptWhy: string;
  /** The backup's master-down interval (3 x advert + skew) + 1 s, in ms. */
  linkLimitMs: number;
}

/** What the pair's configuration predicts (the static failover-math, for the report's words). */
export function predict(a: InstancePlan, b: InstancePlan): Prediction {
  const w = winner({ prio: a.ok, address: a.address }, { prio: b.ok, address: b.address });
  const [master, backup] = w === 'a' ? [a, b] : [b, a];
  const fmt = (p: InstancePlan): string => `${p.host} ${p.base}${p.ok !== p.base ? ` (${p.ok} with its tracks)` : ''}`;
  const why =
    master.ok === backup.ok
      ? `equal priorities ${master.ok}: the higher address wins (${master.address})`
      : `priority ${fmt(master)} > ${fmt(backup)}`;
  let failoverMoves: boolean;
  let failoverWhy: string;
  if (!master.trackers.length) {
    failoverMoves = false;
    failoverWhy = master.ownerIgnores.length
      ? `${master.host} has priority 255 (the address owner): keepalived ignores the weights of ${master.ownerIgnores.join(', ')}`
      : `${master.host}'s instance tracks no HAProxy check that runs`;
  } else if (master.down === 'fault') {
    failoverMoves = true;
    failoverWhy = `a weight-0 track puts ${master.host} in FAULT`;
  } else if (backup.nopreempt) {
    failoverMoves = false;
    failoverWhy = `${master.host} drops to ${master.down}, but ${backup.host} has nopreempt and does not take over from a running master`;
  } else {
    // a backup takes over from a running master only when its adverts carry a strictly lower priority
    failoverMoves = master.down < backup.ok;
    failoverWhy = `${master.host} drops to priority ${master.down} against ${backup.host}'s ${backup.ok}`;
  }
  const detect = Math.max(0, ...master.trackers.map((t) => t.detectS));
  // How the backup learns it: a FAULT master sends a priority-0 advert (taken within one advert); a master
  // whose priority only dropped keeps advertising, and the backup discards its lower-priority adverts
  // until its master-down timer (3 x advert_int + skew) runs out.
  const skewB = ((256 - Math.min(backup.ok, 255)) / 256) * backup.advertS;
  const takeS = master.down === 'fault' ? master.advertS : 3 * backup.advertS + skewB;
  const failoverLimitMs = master.trackers.length ? Math.round((detect + takeS + 1) * 1000) : undefined;
  const t = master.trackers.reduce<Tracker | undefined>((m, x) => (!m || x.detectS > m.detectS ? x : m), undefined);
  const take =
    master.down === 'fault'
      ? `advert_int ${master.advertS} s`
      : `3 x advert_int ${backup.advertS} s + skew ${skewB.toFixed(2)} s (the backup's master-down timer: a weighted drop is no priority-0 advert)`;
  const failoverFormula = t
    ? t.from === 'script'
      ? `fall ${t.fall} x interval ${t.intervalS} s + ${take} + 1 s`
      : `process track ${t.delayS !== undefined ? `delay ${t.delayS} s` : 'checked every 1 s'} (${t.detectS} s) + ${take} + 1 s`
    : 'no HAProxy track';
  // preemption needs a strictly higher priority (an equal one keeps the current master)
  const preempts = !master.nopreempt && master.ok > backup.ok;
  const preemptWhy = master.nopreempt
    ? `${master.host} has nopreempt`
    : master.ok > backup.ok
      ? `${master.host} preempts (no nopreempt) with priority ${master.ok} > ${backup.ok}${master.preemptDelayS ? `, after preempt_delay ${master.preemptDelayS} s` : ''}`
      : `equal priorities ${master.ok}: a backup with the same priority never preempts`;
  const skew = ((256 - Math.min(backup.ok, 255)) / 256) * backup.advertS;
  const linkLimitMs = Math.round((3 * backup.advertS + skew + 1) * 1000);
  return {
    master,
    backup,
    why,
    failoverMoves,
    failoverWhy,
    ...(failoverLimitMs !== undefined ? { failoverLimitMs } : {}),
    failoverFormula,
    preempts,
    preemptWhy,
    linkLimitMs,
  };
}

/** True when `addr` is in `net`/`len`. */
export function inSubnet(addr: string, net: string, len: number): boolean {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) return false;
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  return (ipInt(addr) & mask) >>> 0 === (ipInt(net) & mask) >>> 0;
}

/**
 * The VIP the sandbox uses: the learner's when it lies in the sandbox subnet and is no host's (or the
 * client's) address, else a free sandbox address of the same subnet (from .100 up). Never a public one.
 */
export function sandboxVip(
  learnerVip: string,
  sandboxAddrs: string[],
  len: number,
  reserved: string[] = [],
): { vip: string; mapped: boolean } {
  const used = new Set([...sandboxAddrs, ...reserved]);
  const net = sandboxAddrs[0];
  if (inSubnet(learnerVip, net, len) && !used.has(learnerVip) && !/\.(0|255)$/.test(learnerVip))
    return { vip: learnerVip, mapped: false };
  const base = net.split('.').slice(0, 3).join('.');
  for (let i = 100; i < 250; i++) if (!used.has(`${base}.${i}`)) return { vip: `${base}.${i}`, mapped: true };
  throw new Error('no free sandbox address for the VIP');
}

/**
 * True when the kernel's local table of a network namespace (its /proc/PID/net/fib_trie) holds `ip` as
 * one of its own addresses.
 */
export function holdsAddress(fibTrie: string, ip: string): boolean {
  const lines = fibTrie.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i];
    if (l.endsWith(`-- ${ip}`) && /\/32 host LOCAL/.test(lines[i + 1])) return true;
  }
  return false;
}

/** `ip_nonlocal_bind = 1` set by a file of the host (a sysctl.d file, a script's `sysctl -w`, an `echo 1 >`). */
export function setsNonlocalBind(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '');
    if (/net[./]ipv4[./]ip_nonlocal_bind[^\S\n]*=[^\S\n]*["']?1\b/.test(line)) return true;
    if (/\becho[^\S\n]+["']?1["']?[^\S\n]*>[^\S\n]*\/proc\/sys\/net\/ipv4\/ip_nonlocal_bind\b/.test(line)) return true;
  }
  return false;
}
