/**
 * The failover timeline's numbers, from a measurement written by scripts/measure-failover.ts (times in ms from
 * keepalived's start): who held the VIP when, each client request, and for each disruption (the master's
 * HAProxy killed, its link cut) how long until the VIP moved and what the client saw meanwhile.
 */
export interface Measurement {
  measuredAt: string;
  machine: string;
  versions: Record<string, string>;
  command: string;
  findings: Record<string, string>;
  events: Array<{ name: string; t: number; host?: string }>;
  /** [start, duration, HTTP status (0: no answer), the web server that answered or the error] */
  requests: Array<[number, number, number, string]>;
  /** [when, the load balancers holding the VIP from then on] */
  owners: Array<[number, string[]]>;
}

export interface Request {
  t: number;
  ms: number;
  status: number;
  by: string;
  ok: boolean;
}

export interface Disruption {
  /** What was done: `haproxy killed` or `link cut`. */
  name: string;
  host: string;
  t: number;
  /** When the other load balancer held the VIP (ms after the event), if it did. */
  movedAfter?: number;
  /** Requests started from the event until the first answered one after it (inclusive). */
  requests: number;
  failed: number;
  /** From the event until the client was answered again (ms), if it was. */
  outage?: number;
  /** The distinct ways requests failed meanwhile: `ECONNREFUSED`, `timeout`, ... */
  errors: string[];
}

export interface Span {
  from: number;
  to: number;
  held: string[];
}

export function requestsOf(m: Measurement): Request[] {
  return m.requests.map(([t, ms, status, by]) => ({ t, ms, status, by, ok: status > 0 && status < 500 }));
}

/** Who held the VIP, as consecutive spans up to `end`. */
export function ownerSpans(m: Measurement, end: number): Span[] {
  return m.owners.map(([from, held], i) => ({ from, to: m.owners[i + 1]?.[0] ?? end, held }));
}

/** Each disruption the harness caused, with the VIP's move and the client's outage around it. */
export function disruptions(m: Measurement): Disruption[] {
  const reqs = requestsOf(m);
  const out: Disruption[] = [];
  m.events.forEach((e, i) => {
    if (e.name !== 'haproxy killed' && e.name !== 'link cut') return;
    const next = m.events.slice(i + 1).find((x) => x.name === 'vip moved');
    const later = m.events.slice(i + 1).find((x) => x.name === 'haproxy killed' || x.name === 'link cut');
    const moved = next && (!later || next.t < later.t) ? next.t - e.t : undefined;
    const after = reqs.filter((r) => r.t >= e.t);
    const firstFail = after.findIndex((r) => !r.ok);
    const back = firstFail < 0 ? -1 : after.findIndex((r, j) => j > firstFail && r.ok);
    const window = firstFail < 0 ? [] : back < 0 ? after : after.slice(0, back + 1);
    const failed = window.filter((r) => !r.ok);
    out.push({
      name: e.name,
      host: e.host ?? '',
      t: e.t,
      movedAfter: moved,
      requests: window.length,
      failed: failed.length,
      outage: firstFail < 0 ? 0 : back < 0 ? undefined : after[back]!.t - e.t,
      errors: [...new Set(failed.map((r) => r.by || `HTTP ${r.status}`))],
    });
  });
  return out;
}
