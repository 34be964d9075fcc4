import { describe, expect, it } from 'vitest';
import check from '../../../labs/core/checks/design/answers';
import { run, runCheck, solutionFiles } from '../checkTester';

const A = 'answers.yaml';
const base = solutionFiles()[A];
const set = (from: string, to: string) => ({ [A]: base.replace(from, to) });
const L3 = solutionFiles('no-spof')[A];
run(check, {
  valid: [
    { name: 'the reference answers', base: 'solution' },
    { name: "no-spof's reference answers", base: 'solution', lab: 'no-spof' },
    {
      name: 'aliases and spellings (roundrobin, LB, comma list)',
      base: 'solution',
      files: {
        [A]: 'algorithm: RoundRobin\nsetup: Active Active\nwrites: master\nreads: replica\nspof: lb, app-01, primary\nissues: [SPOF, firewall, no_https, monitoring]\n',
      },
    },
    {
      name: 'false positive: extra notes key is allowed',
      base: 'solution',
      files: { [A]: base + 'notes: the app server could be doubled too\n' },
    },
    {
      name: 'an unknown key is only a note',
      base: 'solution',
      files: { [A]: base + 'colour: blue\n' },
      notes: [{ messageId: 'unknown-key', file: A, line: 26, column: 9 }],
    },
  ],
  invalid: [
    {
      name: 'setup: active-passive',
      base: 'solution',
      files: set('setup: active-active', 'setup: active-passive'),
      errors: [{ messageId: 'setup-active-passive', file: A, line: 14, column: 8 }],
    },
    {
      name: 'setup: something else',
      base: 'solution',
      files: set('setup: active-active', 'setup: cluster'),
      errors: [{ messageId: 'wrong-setup', file: A, line: 14, column: 8 }],
    },
    {
      name: 'algorithm leastconn',
      base: 'solution',
      files: set('algorithm: round-robin', 'algorithm: leastconn'),
      errors: [{ messageId: 'algorithm-leastconn', file: A, line: 11, column: 12 }],
    },
    {
      name: 'algorithm source',
      base: 'solution',
      files: set('algorithm: round-robin', 'algorithm: source'),
      errors: [{ messageId: 'algorithm-source', file: A, line: 11, column: 12 }],
    },
    {
      name: 'algorithm random',
      base: 'solution',
      files: set('algorithm: round-robin', 'algorithm: random'),
      errors: [{ messageId: 'wrong-algorithm', file: A, line: 11, column: 12 }],
    },
    {
      name: 'writes to the replica',
      base: 'solution',
      files: set('writes: primary', 'writes: replica'),
      errors: [{ messageId: 'writes-replica', file: A, line: 17, column: 9 }],
    },
    {
      name: 'writes elsewhere',
      base: 'solution',
      files: set('writes: primary', 'writes: cache'),
      errors: [{ messageId: 'wrong-writes', file: A, line: 17, column: 9 }],
    },
    {
      name: 'reads elsewhere',
      base: 'solution',
      files: set('reads: replica', 'reads: cache'),
      errors: [{ messageId: 'wrong-reads', file: A, line: 18, column: 8 }],
    },
    {
      name: 'a web server named as a SPOF, the primary forgotten',
      base: 'solution',
      files: set('  - database-primary', '  - web-01'),
      errors: [
        { messageId: 'spof-web', file: A, line: 8, column: 5 },
        { messageId: 'wrong-spof', file: A, line: 6, column: 3 },
      ],
    },
    {
      name: 'the replica named as a SPOF',
      base: 'solution',
      files: set('  - database-primary', '  - database-primary\n  - replica'),
      errors: [{ messageId: 'spof-replica', file: A, line: 9, column: 5 }],
    },
    {
      name: 'issues incomplete',
      base: 'solution',
      files: set('  - no-monitoring', ''),
      errors: [{ messageId: 'wrong-issues', file: A, line: 22, column: 3 }],
    },
    {
      name: 'an issue this design does not have',
      base: 'solution',
      files: set('  - no-monitoring', '  - no-monitoring\n  - too-slow'),
      errors: [{ messageId: 'wrong-item', file: A, line: 26, column: 5 }],
    },
    {
      name: 'a question unanswered',
      base: 'solution',
      files: set('reads: replica\n', ''),
      errors: [{ messageId: 'missing', file: A, line: 2, column: 1 }],
    },
    {
      name: 'a list where one value is expected',
      base: 'solution',
      files: set('setup: active-active', 'setup: [active-active]'),
      errors: [{ messageId: 'not-one', file: A, line: 14, column: 8 }],
    },
    {
      name: 'a mapping where a list is expected',
      base: 'solution',
      files: set('issues:\n  - spof\n  - no-firewall\n  - no-https\n  - no-monitoring', 'issues: {a: 1}'),
      errors: [{ messageId: 'not-list', file: A, line: 21, column: 9 }],
    },
    {
      name: 'another lab',
      base: 'solution',
      files: set('lab: distributed-web', 'lab: other-lab'),
      errors: [{ messageId: 'wrong-lab', file: A, line: 2, column: 6, severity: 'warning' }],
    },
    {
      name: 'not YAML',
      base: 'solution',
      files: { [A]: 'setup: [active\n' },
      errors: [{ messageId: 'invalid-yaml', file: A, line: 2, column: 1 }],
    },
    {
      name: 'not a mapping',
      base: 'solution',
      files: { [A]: '- active-active\n' },
      errors: [{ messageId: 'not-mapping', file: A, line: 1, column: 1 }],
    },
    { name: 'no answers.yaml', base: 'solution', remove: [A], errors: [{ messageId: 'not-found' }] },
    {
      name: 'a prose answer in Markdown and no answers.yaml: the template, filled only where the text is unambiguous',
      base: 'solution',
      remove: [A],
      files: {
        'design.md':
          '# Distributed web infrastructure\n\nThe load balancer uses Round Robin and the servers run in an Active-Active setup.\nThe primary takes writes; the replica serves reads.\n',
      },
      errors: [{ messageId: 'prose-only', file: 'design.md', line: 1, column: 1 }],
    },
    {
      name: 'a prose answer naming both setups: setup left blank',
      base: 'solution',
      remove: [A],
      files: {
        '1-distributed_web_infrastructure':
          'Active-Passive means one idles; ours is active-active behind one load balancer.\n',
      },
      errors: [{ messageId: 'prose-only', file: '1-distributed_web_infrastructure', line: 1, column: 1 }],
    },
    // Lab 3 (no-spof) explains its own questions (`explain`, `explanations` in its spec).
    {
      name: 'no-spof: lb-setup active-active, explained by the lab',
      base: 'solution',
      lab: 'no-spof',
      files: { [A]: L3.replace('lb-setup: active-passive', 'lb-setup: active-active') },
      errors: [{ messageId: 'lab-explanation', file: A, line: 5, column: 11 }],
    },
    {
      name: "no-spof: spof without the primary, in the lab's words",
      base: 'solution',
      lab: 'no-spof',
      files: { [A]: L3.replace('  - database-primary\n', '') },
      errors: [{ messageId: 'lab-explanation', file: A, line: 12, column: 3 }],
    },
  ],
});

describe('design/answers partial credit', () => {
  it('each question is its own scored item', () => {
    const r = runCheck(check, {
      name: 'one wrong',
      base: 'solution',
      files: set('setup: active-active', 'setup: active-passive'),
    });
    expect(r.status).toBe('fail');
    expect(r.points).toBe(7);
    expect(r.maxPoints).toBe(8);
  });
  it('all right: full points; nothing: zero', () => {
    expect(runCheck(check, { name: 'ok', base: 'solution' }).points).toBe(8);
    expect(runCheck(check, { name: 'none', base: 'solution', remove: [A] }).points).toBe(0);
  });
});

describe('design/answers: the template printed for a prose answer', () => {
  const template = (text: string) => {
    const r = runCheck(check, {
      name: 'prose',
      base: 'solution',
      remove: ['answers.yaml'],
      files: { 'design.md': text },
    });
    return String(r.findings[0].data?.template);
  };
  it("fills a value only from the learner's own unambiguous words, right or wrong", () => {
    const t = template('Our load balancer runs active-passive with least connections.\n');
    expect(t).toContain('setup: active-passive    # from your text');
    expect(t).toContain('algorithm: leastconn    # from your text');
    expect(t).toMatch(/^spof:    # your answer/m);
    expect(t.split('\n')[0]).toBe('lab: distributed-web');
  });
  it('leaves a question blank when the text names two choices', () => {
    expect(template('Active-Active, unlike active-passive; the load balancer uses round robin.\n')).toMatch(
      /^setup:    # your answer/m,
    );
  });
});

describe("a lab's own explanations", () => {
  it('are what design/answers says, with the values filled in', () => {
    const r = runCheck(check, {
      name: 'no-spof explanations',
      base: 'solution',
      lab: 'no-spof',
      files: {
        [A]: L3.replace('lb-setup: active-passive', 'lb-setup: active-active').replace('  - database-primary\n', ''),
      },
    });
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^`lb-setup: active-active` would need both load balancers to take traffic at once/),
      expect.stringMatching(/^`spof`: database-primary missing\. With two load balancers/),
    ]);
  });
});
