import React from 'react';
import data from '@site/src/data/failover-timeline.json';
import { disruptions, ownerSpans, requestsOf, type Measurement } from './model';

const m = data as unknown as Measurement;
const W = 760;
const LEFT = 92;
const RIGHT = 12;
const Y_EVENTS = 14;
const ROW = 14;
const LANE = 26;
/** Rough width of a label in the chart's 11 px font. */
const textWidth = (t: string): number => t.length * 6.2 + 6;

/** Each event label's row: the first where it does not overlap the labels already placed there. */
function labelRows(xs: Array<{ x: number; text: string; end: boolean }>): number[] {
  const rowsEnd: number[] = [];
  return xs.map(({ x, text, end }) => {
    const from = end ? x - textWidth(text) : x;
    let r = rowsEnd.findIndex((e) => e <= from);
    if (r < 0) r = rowsEnd.push(0) - 1;
    rowsEnd[r] = end ? x + 4 : x + textWidth(text);
    return r;
  });
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const LB_COLOR: Record<string, string> = {
  'lb-01': 'var(--ifm-color-primary)',
  'lb-02': 'var(--wil-chart-lb2, #b36b00)',
};

/**
 * "What clients see during a failover": a chart, drawn when the site is built, of one real run of lab 3's
 * reference (src/data/failover-timeline.json, measured by scripts/measure-failover.ts): who held the VIP,
 * every client request (green: answered, red: failed, its width its duration) and what the harness did.
 */
export default function FailoverTimeline(): React.JSX.Element {
  const reqs = requestsOf(m);
  const end = Math.ceil(Math.max(...reqs.map((r) => r.t + r.ms), ...m.events.map((e) => e.t)) / 1000) * 1000;
  const x = (ms: number): number => LEFT + (ms / end) * (W - LEFT - RIGHT);
  const spans = ownerSpans(m, end);
  const dis = disruptions(m);
  const shown = m.events
    .filter((e) => e.name !== 'keepalived started')
    .map((e) => {
      const text = `${e.name}${e.host ? ` (${e.host})` : ''}`;
      return { ...e, text, end: x(e.t) + textWidth(text) > W };
    });
  const rows = labelRows(shown.map((e) => ({ x: x(e.t), text: e.text, end: e.end })));
  const Y_VIP = Y_EVENTS + ROW * Math.max(1, ...rows.map((r) => r + 1)) + 6;
  const Y_REQ = Y_VIP + LANE + 20;
  const Y_AXIS = Y_REQ + LANE + 8;
  const H = Y_AXIS + 36;
  const label =
    `Timeline of one measured run of lab 3's reference: ` +
    dis
      .map(
        (d) =>
          `${d.name} on ${d.host} at ${s(d.t)}: the VIP moved after ${d.movedAfter === undefined ? 'never' : s(d.movedAfter)}, ` +
          `${d.failed} of ${d.requests} client requests failed, the client was answered again after ${d.outage === undefined ? 'never' : s(d.outage)}`,
      )
      .join('; ') +
    '.';
  return (
    <figure className="wil-failover-timeline" style={{ margin: '1.5rem 0' }}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={label}
        style={{ width: '100%', height: 'auto', fontSize: 11, fontFamily: 'var(--ifm-font-family-base)' }}
      >
        <title>{label}</title>
        <text x={LEFT - 8} y={Y_VIP + LANE / 2 + 4} textAnchor="end" fill="currentColor">
          VIP held by
        </text>
        {spans.map((sp) => (
          <g key={`vip-${sp.from}`}>
            <rect
              x={x(sp.from)}
              y={Y_VIP}
              width={Math.max(0.5, x(sp.to) - x(sp.from))}
              height={LANE}
              fill={sp.held.length === 1 ? (LB_COLOR[sp.held[0]!] ?? 'gray') : 'transparent'}
              stroke={sp.held.length ? 'none' : 'currentColor'}
              strokeDasharray="3 3"
              opacity={sp.held.length ? 0.85 : 0.5}
            />
            {x(sp.to) - x(sp.from) > 40 && (
              <text
                x={(x(sp.from) + x(sp.to)) / 2}
                y={Y_VIP + LANE / 2 + 4}
                textAnchor="middle"
                fill={sp.held.length ? 'white' : 'currentColor'}
              >
                {sp.held.length ? sp.held.join(' + ') : 'nobody'}
              </text>
            )}
          </g>
        ))}
        <text x={LEFT - 8} y={Y_REQ + LANE / 2 + 4} textAnchor="end" fill="currentColor">
          client requests
        </text>
        {reqs.map((r) => (
          <rect
            key={`req-${r.t}`}
            x={x(r.t)}
            y={Y_REQ}
            width={Math.max(1.5, x(r.t + r.ms) - x(r.t))}
            height={LANE}
            fill={r.ok ? 'var(--ifm-color-success)' : 'var(--ifm-color-danger)'}
            opacity={r.ok ? 0.9 : 0.75}
          >
            <title>{`${s(r.t)}: ${r.ok ? `HTTP ${r.status} from ${r.by}` : r.status ? `HTTP ${r.status}` : r.by} (${r.ms} ms)`}</title>
          </rect>
        ))}
        {shown.map((e, i) => (
          <g key={`ev-${e.t}-${e.name}`}>
            <line
              x1={x(e.t)}
              x2={x(e.t)}
              y1={Y_EVENTS + ROW * rows[i]! + 3}
              y2={Y_REQ + LANE}
              stroke="currentColor"
              strokeDasharray="2 2"
              opacity={0.6}
            />
            <text
              x={e.end ? x(e.t) - 3 : x(e.t) + 3}
              y={Y_EVENTS + ROW * rows[i]!}
              textAnchor={e.end ? 'end' : 'start'}
              fill="currentColor"
            >
              {e.text}
            </text>
          </g>
        ))}
        <line x1={LEFT} x2={W - RIGHT} y1={Y_AXIS} y2={Y_AXIS} stroke="currentColor" opacity={0.6} />
        {Array.from({ length: end / 1000 + 1 }, (_, k) => (
          <g key={`tick-${k}`}>
            <line x1={x(k * 1000)} x2={x(k * 1000)} y1={Y_AXIS} y2={Y_AXIS + 4} stroke="currentColor" />
            <text x={x(k * 1000)} y={Y_AXIS + 16} textAnchor="middle" fill="currentColor">
              {k}
            </text>
          </g>
        ))}
        <text x={(LEFT + W) / 2} y={Y_AXIS + 32} textAnchor="middle" fill="currentColor">
          seconds since keepalived started
        </text>
      </svg>
      <figcaption>
        One run of lab 3&apos;s reference in live mode ({m.machine}; {m.versions.keepalived}; measured {m.measuredAt}{' '}
        with <code>{m.command}</code>). A client requested the VIP every 100 ms, one request at a time with a 1 s
        timeout: green bars were answered, red ones failed (hover for details).
      </figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">What happened</th>
            <th scope="col">VIP moved after</th>
            <th scope="col">Client answered again after</th>
            <th scope="col">Failed requests</th>
            <th scope="col">How they failed</th>
          </tr>
        </thead>
        <tbody>
          {dis.map((d) => (
            <tr key={`${d.name}-${d.t}`}>
              <td>
                {d.name === 'haproxy killed' ? `HAProxy killed on ${d.host}` : `${d.host}'s network link cut`} (at{' '}
                {s(d.t)})
              </td>
              <td>{d.movedAfter === undefined ? 'never' : s(d.movedAfter)}</td>
              <td>{d.outage === undefined ? 'never' : s(d.outage)}</td>
              <td>
                {d.failed} of {d.requests}
              </td>
              <td>{d.errors.join(', ') || 'none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
