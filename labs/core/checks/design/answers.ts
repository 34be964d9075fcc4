import { defineCheck } from '../context';
import type { LabQuestion } from '../../spec/types';
import { norm } from '../util';
import { renderMessage } from '../types';
import type { CheckContext, FindingInput } from '../context';
import type { ModelFile } from '../../model/types';

/** Canonical form of an answer: its alias mapped back to the expected value. */
function canonical(q: LabQuestion, v: string): string {
  const n = norm(v);
  for (const [k, alts] of Object.entries(q.aliases))
    if (norm(k) === n || alts.some((a) => norm(a) === n)) return norm(k);
  return n;
}

/** A top-level Markdown or text file that answers the design questions in prose (words of the design, twice or more). */
function proseAnswer(files: ModelFile[]): { path: string; text: string } | undefined {
  for (const f of files) {
    if (f.host || f.path.includes('/') || f.fromScript) continue;
    if (!/(\.(md|markdown|txt|rst)$)|(^[^.]+$)/i.test(f.path) || !['readme', 'unknown'].includes(f.kind)) continue;
    const text = f.source.text.slice(0, 200_000);
    const words =
      text.match(
        /load[\s-]*balancer|active[\s-]*(active|passive)|single point of failure|\bspof\b|replica|primary|round[\s-]*robin/gi,
      ) ?? [];
    if (words.length >= 2) return { path: f.path, text };
  }
  return undefined;
}

/**
 * answers.yaml from a prose answer: a question gets a value only when the text names exactly one of
 * the lab's choices for it (`active-active` and never `active-passive`...); every other one is left
 * blank with a comment. The learner's own words, right or wrong: nothing is filled in for them.
 */
function template(lab: string, questions: string[], text: string): string {
  const has = (re: RegExp) => re.test(text);
  const one = (choices: Array<[string, RegExp]>): string | undefined => {
    const hit = choices.filter(([, re]) => has(re));
    return hit.length === 1 ? hit[0][0] : undefined;
  };
  const values: Record<string, string | undefined> = {
    setup: one([
      ['active-active', /active[\s-]*active/i],
      ['active-passive', /active[\s-]*passive/i],
    ]),
    algorithm: one([
      ['round-robin', /round[\s-]*robin/i],
      ['leastconn', /least[\s_-]*conn/i],
      ['source', /\bsource\b[^.\n]{0,20}hash|ip[\s_-]*hash/i],
    ]),
  };
  const lines = [`lab: ${lab}`];
  for (const q of questions) {
    const v = values[q];
    lines.push(v ? `${q}: ${v}    # from your text` : `${q}:    # your answer (see the lab page)`);
  }
  return lines.join('\n');
}

/**
 * Reports explanation `id` of question `q`: the lab's own text (the question's `explain` for
 * `wrong-<question>`, its `explanations`) before design/answers's built-in message of that id.
 */
function explain(ctx: CheckContext, qid: string, q: LabQuestion, id: string, f: Omit<FindingInput, 'messageId'>): void {
  const own = id === `wrong-${qid}` ? q.explain : q.explanations?.[id];
  if (own === undefined) return ctx.report({ ...f, messageId: id });
  ctx.report({ ...f, messageId: 'lab-explanation', data: { text: renderMessage(own, f.data ?? {}) } });
}

export default defineCheck(
  {
    id: 'design/answers',
    title: 'The design answers (answers.yaml) are right',
    component: 'design',
    severity: 'error',
    points: 8,
    messages: {
      'not-found': 'No answers.yaml at the top of your submission: the design questions are unanswered.',
      'prose-only':
        'Your design answer is prose ({{file}}), and there is no answers.yaml: this lab reads the design answers from answers.yaml and does not grade prose by guesswork. Start answers.yaml from this template, filled from your text where it is unambiguous (check every line):\n{{template}}',
      'invalid-yaml': 'answers.yaml is not valid YAML: {{detail}}',
      'not-mapping': 'answers.yaml must be a mapping of question: answer (e.g. `setup: active-active`).',
      'wrong-lab': 'answers.yaml says `lab: {{value}}`, but these answers are checked against {{lab}}.',
      missing: 'Question `{{question}}` is not answered.',
      'not-list': '`{{question}}` should be a list (e.g. `{{question}}: [a, b]`).',
      'not-one': '`{{question}}` should be one value, not a list.',
      'unknown-key': '`{{key}}` is not a question of this lab (questions: {{questions}}).',
      'wrong-spof':
        '`spof`: {{missing}} missing. A single point of failure is a component whose failure stops the whole site: here there is one load balancer, one application server, and one primary taking every write.',
      'spof-web':
        '`spof`: {{value}} is not a single point of failure: there are two web servers and HAProxy stops sending to one that fails its health check.',
      'spof-replica':
        '`spof`: {{value}} is not a single point of failure for the site: if the replica fails, reads can go to the primary.',
      'wrong-algorithm':
        '`algorithm: {{value}}`: HAProxy here sends requests to web-01 and web-02 in turn, which is round-robin.',
      'algorithm-leastconn':
        '`algorithm: {{value}}`: leastconn picks the server with the fewest connections; this design uses round-robin (each server in turn).',
      'algorithm-source':
        '`algorithm: {{value}}`: source hashing pins each client to one server; this design uses round-robin.',
      'wrong-setup':
        '`setup: {{value}}`: both web servers take traffic at the same time, so the setup is active-active.',
      'setup-active-passive':
        '`setup: active-passive` would mean one web server idles as a backup until the other fails; here both serve requests at once: active-active.',
      'wrong-writes': '`writes: {{value}}`: every write goes to the primary, the only server that accepts writes.',
      'writes-replica':
        '`writes: {{value}}`: the replica is read-only; a write there would make it drift from the primary. Writes go to the primary.',
      'wrong-reads': '`reads: {{value}}`: reads can go to the replica, which takes load off the primary.',
      'wrong-issues':
        '`issues`: {{missing}} missing. This infrastructure also has no firewall, serves plain HTTP (no HTTPS), has no monitoring, and has single points of failure.',
      'wrong-item': '`{{question}}`: {{value}} is not one of the issues this design has.',
      'lab-explanation': '{{text}}',
    },
    hint: 'Read the design pages, then answer each question in answers.yaml (see the lab page for its format).',
  },
  (ctx) => {
    const a = ctx.model.answers;
    if (!a) {
      const prose = proseAnswer(ctx.model.files);
      if (prose)
        ctx.report({
          messageId: 'prose-only',
          data: { file: prose.path, template: template(ctx.lab.id, Object.keys(ctx.lab.questions), prose.text) },
          loc: { file: prose.path, line: 1, column: 1 },
        });
      else ctx.report({ messageId: 'not-found' });
      ctx.setFraction(0);
      return;
    }
    if (a.diagnostics.length) {
      for (const d of a.diagnostics)
        ctx.report({ messageId: 'invalid-yaml', data: { detail: d.message }, loc: d.span });
      ctx.setFraction(0);
      return;
    }
    const data = a.data as Record<string, unknown> | null;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      ctx.report({ messageId: 'not-mapping', loc: a.locate([]) });
      ctx.setFraction(0);
      return;
    }
    if (typeof data.lab === 'string' && data.lab !== ctx.lab.id)
      ctx.report({
        messageId: 'wrong-lab',
        data: { value: data.lab, lab: ctx.lab.id },
        loc: a.locate(['lab']),
        severity: 'warning',
      });
    const questions = ctx.lab.questions;
    for (const key of Object.keys(data)) {
      if (key !== 'lab' && key !== 'notes' && !(key in questions))
        ctx.report({
          messageId: 'unknown-key',
          data: { key, questions: Object.keys(questions).join(', ') },
          loc: a.locate([key]),
          severity: 'info',
        });
    }
    let total = 0;
    let earned = 0;
    for (const [qid, q] of Object.entries(questions)) {
      total += q.points;
      const v = data[qid];
      const loc = a.locate([qid]);
      if (v === undefined || v === null || v === '') {
        ctx.report({ messageId: 'missing', data: { question: qid }, loc: a.locate([]) });
        continue;
      }
      if (q.type === 'one') {
        if (Array.isArray(v)) {
          ctx.report({ messageId: 'not-one', data: { question: qid }, loc });
          continue;
        }
        const c = canonical(q, String(v));
        if (q.expect.map(norm).includes(c)) {
          earned += q.points;
          continue;
        }
        const special = q.wrong[c];
        explain(ctx, qid, q, special ?? `wrong-${qid}`, { data: { value: String(v), question: qid }, loc });
        continue;
      }
      const items = Array.isArray(v)
        ? v.map(String)
        : typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : null;
      if (!items) {
        ctx.report({ messageId: 'not-list', data: { question: qid }, loc });
        continue;
      }
      const got = new Set<string>();
      let wrong = false;
      items.forEach((item, i) => {
        const c = canonical(q, item);
        if (q.expect.map(norm).includes(c)) got.add(c);
        else {
          wrong = true;
          const special = q.wrong[c];
          explain(ctx, qid, q, special ?? 'wrong-item', {
            data: { value: item, question: qid },
            loc: Array.isArray(v) ? a.locate([qid, i]) : loc,
          });
        }
      });
      const missing = q.expect.filter((e) => !got.has(norm(e)));
      if (missing.length)
        explain(ctx, qid, q, `wrong-${qid}`, { data: { missing: missing.join(', '), question: qid }, loc });
      if (!missing.length && !wrong) earned += q.points;
    }
    ctx.setFraction(total ? earned / total : 1);
  },
);
