/** What the keepalived checks share: each load balancer's keepalived.conf, its instance, the arithmetic. */
import type { CheckContext } from '../context';
import type { HostModel, KindUnit } from '../../model/types';
import type {
  KaTrackRef,
  KaVrrpInstance,
  KaVrrpScript,
  KaTrackProcess,
  KeepalivedConf,
} from '../../parsers/keepalived/types';
import type { Span } from '../../source';
import { hostsWithRole } from '../util';

export const KA_ROLE = 'load-balancer';

export const KA_MESSAGES = {
  'not-found':
    'No keepalived.conf found in {{host}}/ (put keepalived.conf, or the script that writes /etc/keepalived/keepalived.conf, in that folder).',
  'no-instance': '{{host}}: keepalived.conf has no vrrp_instance, so keepalived manages no virtual IP there.',
} as const;

export interface LbKa {
  host: HostModel;
  unit: KindUnit<KeepalivedConf>;
  conf: KeepalivedConf;
  /** The instance the lab judges: the first one with a virtual IP, else the first. */
  inst: KaVrrpInstance;
}

/**
 * Every load balancer (whatever its name) with its keepalived.conf and main instance. Reports `not-found`
 * for a load balancer without one and `no-instance` for a file without a vrrp_instance (when `report`).
 */
export function loadBalancers(ctx: CheckContext, report = true): LbKa[] {
  const out: LbKa[] = [];
  for (const host of hostsWithRole(ctx, KA_ROLE)) {
    const units = (host.units.keepalived ?? []) as Array<KindUnit<KeepalivedConf>>;
    if (!units.length) {
      if (report && !(host.optional && !host.present))
        ctx.report({ messageId: 'not-found', data: { host: host.name } });
      continue;
    }
    const unit = units.find((u) => u.ast?.instances.length) ?? units[0];
    const conf = unit.ast;
    const inst = conf?.instances.find((i) => i.vips.length) ?? conf?.instances[0];
    if (!conf || !inst) {
      if (report)
        ctx.report({
          messageId: 'no-instance',
          data: { host: host.name },
          loc: { file: unit.file.path, line: 1, column: 1 },
        });
      continue;
    }
    out.push({ host, unit, conf, inst });
  }
  return out;
}

/** keepalived's priority: as written, else 255 for `state MASTER` (verified on 2.2.7: "Priority = 255"), else 100. */
export function priorityOf(inst: KaVrrpInstance): number {
  return inst.priority ?? (inst.state === 'MASTER' ? 255 : 100);
}

const ABOUT_HAPROXY = /haproxy|\b(curl|wget)\b|\bnc\b/i;

/** Is this command about HAProxy (a process check, its service, or a request to it)? */
export function watchesHaproxy(command: string | undefined): boolean {
  return !!command && ABOUT_HAPROXY.test(command);
}

/**
 * Does a vrrp_script watch HAProxy: by its command, else by the script file it runs when the submission
 * has it (in the host's folder, or written by the host's provisioning script); `undefined` when it runs
 * a script this checker cannot read (say `/usr/local/bin/check_lb.sh`, not in the submission).
 */
export function scriptWatches(command: string | undefined, host?: HostModel): boolean | undefined {
  if (watchesHaproxy(command)) return true;
  const first = (command ?? '').trim().split(/\s+/)[0] ?? '';
  const base = first.slice(first.lastIndexOf('/') + 1);
  const isScript = /\.(sh|bash|py|pl)$/.test(base) || (first.startsWith('/') && !/^\/(usr\/)?s?bin\//.test(first));
  if (!isScript || !base) return false;
  const file = host?.files.find((f) => {
    const p = f.target ?? f.path;
    return p.slice(p.lastIndexOf('/') + 1) === base;
  });
  if (file) return ABOUT_HAPROXY.test(file.source.text);
  return undefined;
}

export interface Track {
  ref: KaTrackRef;
  kind: 'script' | 'process';
  def: KaVrrpScript | KaTrackProcess;
  /** The weight that applies: the reference's, else the definition's, else 0 (FAULT). */
  weight: number;
  /** Where that weight is written (the reference's line or the definition's), when written. */
  weightSpan?: Span;
  haproxy: boolean;
  /** A script this checker cannot read (not in the submission): it may watch HAProxy. */
  opaque?: boolean;
}

/** The instance's tracked scripts and processes that resolve to a definition. */
export function tracksOf(conf: KeepalivedConf, inst: KaVrrpInstance, host?: HostModel): Track[] {
  const out: Track[] = [];
  for (const ref of inst.trackScripts) {
    const def = conf.scripts.find((s) => s.name === ref.name);
    if (!def) continue;
    const weight = ref.weight ?? def.weight ?? 0;
    const watches = scriptWatches(def.script, host);
    out.push({
      ref,
      kind: 'script',
      def,
      weight,
      weightSpan: ref.weight !== undefined ? ref.weightSpan : def.weightSpan,
      haproxy: watches === true,
      ...(watches === undefined ? { opaque: true } : {}),
    });
  }
  for (const ref of inst.trackProcesses) {
    const def = conf.trackProcesses.find((s) => s.name === ref.name);
    if (!def) continue;
    const weight = ref.weight ?? def.weight ?? 0;
    out.push({
      ref,
      kind: 'process',
      def,
      weight,
      weightSpan: ref.weight !== undefined ? ref.weightSpan : def.weightSpan,
      haproxy: /(^|\/)haproxy$/.test(def.process ?? ''),
    });
  }
  return out;
}

/** Levenshtein distance, bounded (names are short; longer ones are not compared). */
export function distance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The closest of `names` to `name`, when it is close (a typo). */
export function nearest(name: string, names: string[]): string | undefined {
  let best: string | undefined;
  let d = Infinity;
  for (const n of names) {
    const x = distance(name.toLowerCase(), n.toLowerCase());
    if (x < d) {
      d = x;
      best = n;
    }
  }
  return best !== undefined && d <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

/** `a, b and c`. */
export function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
