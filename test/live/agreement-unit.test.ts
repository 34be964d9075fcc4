import { describe, expect, it } from 'vitest';
import type { CheckResult, CheckStatus } from '../../labs/core/report/types';
import { liveChecks } from '../../labs/core/checks/live';
import { checks } from '../../labs/core/checks/index';
import { computeAgreement } from '../../labs/node/live';
import { groupAgreement } from '../../labs/node/live/group';

const c = (id: string, status: CheckStatus, kind: 'static' | 'live' = 'static'): CheckResult => ({
  id,
  title: id,
  component: kind === 'live' ? 'live' : 'haproxy',
  severity: 'error',
  status,
  points: 0,
  maxPoints: 0,
  docsUrl: '',
  findings: [],
  kind,
});

describe('agreement between static checks and live probes', () => {
  it('pairs each live probe with the static checks of its group', () => {
    const rows = computeAgreement(
      [c('haproxy/backend-roundrobin', 'pass'), c('haproxy/active-active', 'pass')],
      [c('live/round-robin', 'pass', 'live')],
    );
    expect(rows).toEqual([
      {
        staticId: 'haproxy/backend-roundrobin',
        liveId: 'live/round-robin',
        staticStatus: 'pass',
        liveStatus: 'pass',
        agree: true,
      },
      {
        staticId: 'haproxy/active-active',
        liveId: 'live/round-robin',
        staticStatus: 'pass',
        liveStatus: 'pass',
        agree: true,
      },
    ]);
  });
  it('a static pass against a live fail is a disagreement, unless another check of the group explains it', () => {
    expect(
      computeAgreement([c('haproxy/backend-roundrobin', 'pass')], [c('live/round-robin', 'fail', 'live')])[0].agree,
    ).toBe(false);
    const rows = computeAgreement(
      [c('haproxy/backend-roundrobin', 'pass'), c('haproxy/active-active', 'fail')],
      [c('live/round-robin', 'fail', 'live')],
    );
    expect(rows.every((r) => r.agree)).toBe(true);
  });
  it('a static fail against a live pass is always a disagreement; a warning counts as a pass', () => {
    expect(
      computeAgreement([c('haproxy/active-active', 'fail')], [c('live/round-robin', 'pass', 'live')])[0].agree,
    ).toBe(false);
    expect(
      computeAgreement([c('mysql/replication-user', 'warn')], [c('live/replication', 'pass', 'live')])[0].agree,
    ).toBe(true);
  });
  it('skipped or errored sides are not compared', () => {
    expect(computeAgreement([c('haproxy/active-active', 'pass')], [c('live/round-robin', 'skip', 'live')])).toEqual([]);
    expect(computeAgreement([c('haproxy/active-active', 'skip')], [c('live/round-robin', 'fail', 'live')])).toEqual([]);
  });
  it("the live catalogue: lab 1's six probes, then lab 2's and lab 3's packs; kind live, component live, every message a template", () => {
    const live = checks.filter((d) => d.meta.kind === 'live');
    expect(liveChecks.map((d) => d.meta.id)).toEqual(live.slice(0, 6).map((d) => d.meta.id));
    expect(live.map((d) => d.meta.id)).toEqual([
      'live/valid-start',
      'live/round-robin',
      'live/failover',
      'live/app-path',
      'live/replication',
      'live/replica-read-only',
      // lab 2's HTTPS group (labs/core/checks/live/secured.ts, in labs/core/checks/packs/secured-monitored.ts)
      'live/https-round-robin',
      'live/redirect',
      'live/hsts',
      'live/x-forwarded-proto',
      'live/tls-versions',
      'live/firewall-matrix',
      'live/metrics',
      // lab 3's keepalived group (labs/core/checks/live/no-spof.ts, in labs/core/checks/packs/no-spof.ts; its
      // live/failover is lab 1's id)
      'live/vip-owner',
      'live/link-failover',
      'live/no-split-brain',
      'live/backup-serves',
      'live/recovery',
    ]);
    for (const d of live) {
      expect(d.meta).toMatchObject({ kind: 'live', component: 'live' });
      expect(d.meta.messages.skipped).toBeDefined();
      expect(d.run).toBeUndefined();
    }
  });
});

describe("labs 2 and 3's groups (groupAgreement)", () => {
  const meta = { ...liveChecks[0]!.meta, id: 'live/probe', agreesWith: ['haproxy/https-bind'] };
  const failing = (messageId: string): CheckResult => ({
    ...c('live/probe', 'fail', 'live'),
    findings: [{ checkId: 'live/probe', messageId, message: messageId, severity: 'error' }] as CheckResult['findings'],
  });
  it('a probe whose server did not start has no verdict on its group', () => {
    expect(groupAgreement([meta], [c('haproxy/https-bind', 'pass')], [failing('not-started')])).toEqual([]);
  });
  it('any other failure is compared: a static pass then disagrees', () => {
    expect(
      groupAgreement([meta], [c('haproxy/https-bind', 'pass')], [failing('no-answer')]).map((r) => r.agree),
    ).toEqual([false]);
  });
});
