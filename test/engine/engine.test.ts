import { describe, expect, it } from 'vitest';
import { beginSubmission, CheckContractError, checkSubmission } from '../../labs/core/engine';
import { defineCheck, type StaticCheck } from '../../labs/core/checks/context';
import type { LabSpec } from '../../labs/core/spec/types';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';

const base = loadLab('distributed-web');
const tree = new MemoryTree({
  'lb-01/haproxy.cfg': 'frontend www\n    bind *:80\n',
  'answers.yaml': 'lab: distributed-web\n',
});

const mk = (id: string, run: StaticCheck['run'], extra: Partial<StaticCheck['meta']> = {}) =>
  defineCheck(
    {
      id,
      title: id,
      component: 'haproxy',
      severity: 'error',
      points: 1,
      messages: { a: 'A {{x}}', b: 'B' },
      hint: 'h',
      ...extra,
    },
    run,
  );

function labWith(cs: StaticCheck[], over: Partial<LabSpec['checks'][number]>[] = []): LabSpec {
  return {
    ...base,
    checks: cs.map((c, i) => ({
      id: c.meta.id,
      points: c.meta.points,
      required: true,
      hidden: false,
      ...(over[i] ?? {}),
    })),
  };
}

function run(
  cs: StaticCheck[],
  opts: {
    over?: Partial<LabSpec['checks'][number]>[];
    strict?: boolean;
    includeHidden?: boolean;
    only?: string[];
    external?: Record<string, never[]>;
  } = {},
) {
  return checkSubmission({
    tree,
    submission: 't',
    lab: labWith(cs, opts.over),
    catalogue: cs as never,
    strict: opts.strict ?? false,
    includeHidden: opts.includeHidden,
    only: opts.only,
    external: opts.external,
  });
}

describe('engine', () => {
  it('derives status from the findings: error -> fail, warning -> warn, info -> pass', () => {
    const r = run([
      mk('t/err', (c) => c.report({ messageId: 'a', data: { x: 1 } })),
      mk('t/warn', (c) => c.report({ messageId: 'b', severity: 'warning' })),
      mk('t/info', (c) => c.report({ messageId: 'b', severity: 'info' })),
      mk('t/none', () => {}),
    ]);
    expect(r.checks.map((c) => c.status)).toEqual(['fail', 'warn', 'pass', 'pass']);
    expect(r.checks[0].findings[0]).toMatchObject({
      checkId: 't/err',
      messageId: 'a',
      message: 'A 1',
      hint: 'h',
      severity: 'error',
    });
    expect(r.checks[2].findings[0].hint).toBeUndefined();
  });

  it('score = points of passing (and warning) checks; passed = every required check passes', () => {
    const r = run(
      [
        mk('t/a', () => {}, { points: 3 }),
        mk('t/b', (c) => c.report({ messageId: 'b' }), { points: 2 }),
        mk('t/c', (c) => c.report({ messageId: 'b' }), { points: 5 }),
      ],
      { over: [{}, { required: false }, { required: true }] },
    );
    expect([r.score, r.maxScore, r.passed]).toEqual([3, 10, false]);
    const r2 = run([mk('t/a', () => {}), mk('t/b', (c) => c.report({ messageId: 'b' }))], {
      over: [{}, { required: false }],
    });
    expect(r2.passed).toBe(true);
  });

  it('a check that throws becomes status error with the message; the run goes on', () => {
    const r = run([
      mk('t/boom', () => {
        throw new Error('kaput');
      }),
      mk('t/ok', () => {}),
    ]);
    expect(r.checks[0].status).toBe('error');
    expect(r.checks[0].findings[0]).toMatchObject({ messageId: '$crash' });
    expect(r.checks[0].findings[0].message).toContain('kaput');
    expect(r.checks[1].status).toBe('pass');
    expect(r.passed).toBe(false);
  });

  it('distrusts checks: an unknown messageId throws in strict mode, is an error otherwise', () => {
    const bad = mk('t/bad', (c) => c.report({ messageId: 'nope' }));
    expect(() => run([bad], { strict: true })).toThrow(CheckContractError);
    expect(() => run([bad], { strict: true })).toThrow(/unknown messageId 'nope'/);
    const r = run([bad]);
    expect(r.checks[0]).toMatchObject({ status: 'error' });
    expect(r.checks[0].findings[0].messageId).toBe('$contract');
  });

  it('distrusts checks: a line outside the file throws in strict mode', () => {
    const bad = mk('t/line', (c) =>
      c.report({ messageId: 'b', loc: { file: 'lb-01/haproxy.cfg', line: 99, column: 1 } }),
    );
    expect(() => run([bad], { strict: true })).toThrow(/line 99 is outside lb-01\/haproxy\.cfg \(3 lines\)/);
    const col = mk('t/col', (c) =>
      c.report({ messageId: 'b', loc: { file: 'lb-01/haproxy.cfg', line: 1, column: 40 } }),
    );
    expect(() => run([col], { strict: true })).toThrow(/column 40/);
    const file = mk('t/file', (c) => c.report({ messageId: 'b', loc: { file: 'nowhere.cfg', line: 1, column: 1 } }));
    expect(() => run([file], { strict: true })).toThrow(/not one of the learner's files/);
  });

  it('hidden checks run only with includeHidden; --only globs select checks', () => {
    const cs = [mk('haproxy/x', () => {}), mk('haproxy/y', () => {}), mk('nginx/z', () => {})];
    expect(run(cs, { over: [{}, { hidden: true }] }).checks.map((c) => c.id)).toEqual(['haproxy/x', 'nginx/z']);
    const all = run(cs, { over: [{}, { hidden: true }], includeHidden: true });
    expect(all.checks.map((c) => [c.id, c.hidden ?? false])).toEqual([
      ['haproxy/x', false],
      ['haproxy/y', true],
      ['nginx/z', false],
    ]);
    expect(run(cs, { only: ['haproxy/*'] }).checks.map((c) => c.id)).toEqual(['haproxy/x', 'haproxy/y']);
    expect(run(cs, { only: ['nginx/z', 'haproxy/y'] }).checks.map((c) => c.id)).toEqual(['haproxy/y', 'nginx/z']);
  });

  it('skip: not scored, not counted in maxScore', () => {
    const r = run([mk('t/s', (c) => c.skip('b')), mk('t/p', () => {}, { points: 2 })]);
    expect(r.checks[0].status).toBe('skip');
    expect([r.score, r.maxScore, r.passed]).toEqual([2, 2, true]);
  });

  it('partial credit with setFraction', () => {
    const r = run([mk('t/f', (c) => (c.report({ messageId: 'b' }), c.setFraction(0.75)), { points: 8 })]);
    expect([r.checks[0].status, r.checks[0].points, r.checks[0].maxPoints]).toEqual(['fail', 6, 8]);
  });

  it('external findings reach the check through ctx.external', () => {
    const c = mk('t/ext', (ctx) => {
      for (const f of ctx.external ?? []) ctx.report(f);
    });
    const r = checkSubmission({
      tree,
      submission: 't',
      lab: labWith([c]),
      catalogue: [c as never],
      strict: true,
      external: {
        't/ext': [{ messageId: 'a', data: { x: 'tool' }, loc: { file: 'lb-01/haproxy.cfg', line: 2, column: 5 } }],
      },
    });
    expect(r.checks[0].findings.map((f) => [f.message, f.file, f.line, f.column])).toEqual([
      ['A tool', 'lb-01/haproxy.cfg', 2, 5],
    ]);
  });

  it('a finding in a reconstructed file points at the script line that wrote it', () => {
    const script = "#!/bin/bash\ncat > /etc/haproxy/haproxy.cfg <<'EOF'\nfrontend www\n    bind *:8080\nEOF\n";
    const t = new MemoryTree({ 'lb-01/setup.sh': script });
    const lab = loadLab('distributed-web');
    const r = checkSubmission({
      tree: t,
      submission: 't',
      lab: { ...lab, checks: lab.checks.filter((c) => c.id === 'haproxy/frontend-port-80') },
      strict: true,
    });
    expect(r.checks[0].findings.map((f) => [f.messageId, f.file, f.line])).toEqual([
      ['wrong-port', 'lb-01/setup.sh', 4],
    ]);
  });

  it('the report lists the learner files with kind and host', () => {
    const r = run([mk('t/a', () => {})]);
    expect(r.files).toEqual([
      { path: 'answers.yaml', kind: 'answers' },
      { path: 'lb-01/haproxy.cfg', kind: 'haproxy', host: 'lb-01' },
    ]);
    expect(r.lab).toBe('distributed-web');
    expect(r.checks[0].docsUrl).toMatch(/\/docs\/checks\/t\/a$/);
  });

  it('beginSubmission runs the deferred checks only at finish, with its findings, and gives the report checkSubmission gives', () => {
    const order: string[] = [];
    const cs = [
      mk('t/first', () => void order.push('t/first')),
      mk('t/ext', (ctx) => {
        order.push('t/ext');
        for (const f of ctx.external ?? []) ctx.report(f);
      }),
      mk('t/last', (c) => {
        order.push('t/last');
        c.report({ messageId: 'b', severity: 'warning' });
      }),
    ];
    const external = {
      't/ext': [{ messageId: 'a', data: { x: 'tool' }, loc: { file: 'lb-01/haproxy.cfg', line: 2, column: 5 } }],
    };
    const input = { tree, submission: 't', lab: labWith(cs), catalogue: cs as never, strict: true };
    const pending = beginSubmission(input, new Set(['t/ext']));
    expect(order).toEqual(['t/first', 't/last']);
    const report = pending.finish(external as never);
    expect(order).toEqual(['t/first', 't/last', 't/ext']);
    expect(() => pending.finish(external as never)).toThrow(/already/);
    const whole = checkSubmission({ ...input, external: external as never });
    expect(report).toEqual(whole);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['t/first', 'pass'],
      ['t/ext', 'fail'],
      ['t/last', 'warn'],
    ]);
    expect(report.checks[1].findings[0].message).toBe('A tool');
  });
});
