/**
 * The "what clients see during a failover" page's data (src/data/failover-timeline.json, measured by
 * scripts/measure-failover.ts on lab 3's reference) and the numbers the page derives from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disruptions, ownerSpans, requestsOf, type Measurement } from '../../src/components/FailoverTimeline/model';
import { root } from './helpers';

const data = JSON.parse(readFileSync(join(root, 'src/data/failover-timeline.json'), 'utf8')) as Measurement;

/** A measurement with the given events and requests ([start, duration, status, by]). */
function m(events: Measurement['events'], requests: Measurement['requests']): Measurement {
  return { measuredAt: '', machine: '', versions: {}, command: '', findings: {}, events, requests, owners: [] };
}

describe('failover timeline: the model', () => {
  it('a kill: the outage runs from the event to the first request answered after the first failure', () => {
    const d = disruptions(
      m(
        [
          { name: 'haproxy killed', t: 1000, host: 'lb-01' },
          { name: 'vip moved', t: 2500, host: 'lb-02' },
        ],
        [
          [900, 2, 200, 'web-01'],
          [1002, 2, 200, 'web-02'], // still answered: the kill had not landed
          [1100, 1, 0, 'ECONNREFUSED'],
          [1200, 1, 0, 'ECONNREFUSED'],
          [1300, 1000, 0, 'timeout'],
          [2600, 3, 200, 'web-01'],
          [2700, 3, 200, 'web-02'],
        ],
      ),
    );
    expect(d).toEqual([
      {
        name: 'haproxy killed',
        host: 'lb-01',
        t: 1000,
        movedAfter: 1500,
        requests: 5,
        failed: 3,
        outage: 1600,
        errors: ['ECONNREFUSED', 'timeout'],
      },
    ]);
  });

  it("no failed request: no outage; never answered again: outage unknown; a move after the next event is not this one's", () => {
    const d = disruptions(
      m(
        [
          { name: 'haproxy killed', t: 0, host: 'lb-01' },
          { name: 'link cut', t: 1000, host: 'lb-01' },
          { name: 'vip moved', t: 2000, host: 'lb-02' },
        ],
        [
          [100, 2, 200, 'web-01'],
          [1100, 1000, 0, 'timeout'],
        ],
      ),
    );
    expect(d.map((x) => [x.name, x.movedAfter, x.outage, x.failed])).toEqual([
      ['haproxy killed', undefined, undefined, 1],
      ['link cut', 1000, undefined, 1],
    ]);
    expect(requestsOf(m([], [[0, 1, 503, '']]))[0]!.ok).toBe(false);
  });
});

describe('failover timeline: the committed measurement', () => {
  it('is a real run of the reference: every probe passed, the kill and the link cut each moved the VIP to lb-02', () => {
    for (const id of ['live/vip-owner', 'live/failover', 'live/link-failover', 'live/no-split-brain', 'live/recovery'])
      expect(data.findings[id], id).toBeTruthy();
    expect(data.versions.keepalived).toMatch(/^Keepalived v\d/);
    expect(data.versions.haproxy).toMatch(/^HAProxy version \d/);
    const ts = data.events.map((e) => e.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    const d = disruptions(data);
    expect(d.map((x) => x.name)).toEqual(['haproxy killed', 'link cut']);
    for (const x of d) {
      expect(x.movedAfter, x.name).toBeGreaterThan(0);
      expect(x.outage, x.name).toBeGreaterThan(0);
      expect(x.failed, x.name).toBeGreaterThan(0);
    }
    // the probe's own message and the chart agree on when the VIP moved (the probe counts from HAProxy's exit)
    const said = Number(/after (\d+) ms/.exec(data.findings['live/failover']!)?.[1]);
    expect(Math.abs(said - d[0]!.movedAfter!)).toBeLessThan(300);
    // the sampler: lb-01 first, lb-02 after the kill, never both
    const spans = ownerSpans(data, 20_000);
    expect(spans.some((s) => s.held.length > 1)).toBe(false);
    expect(spans.find((s) => s.held.length)?.held).toEqual(['lb-01']);
    expect(spans.filter((s) => s.from > d[0]!.t).find((s) => s.held.length)?.held).toEqual(['lb-02']);
  });
});
