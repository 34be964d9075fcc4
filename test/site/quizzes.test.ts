/**
 * Quizzes that test understanding (issue: the course): the correct answer must not sit in one position
 * (as displayed, after the seeded order of src/components/Quiz/order.ts), every option explains itself,
 * the correct answer is not a give-away by its length, and there are enough questions.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionOrder } from '../../src/components/Quiz/order';
import { docsDir, walk } from './pages';

interface Option {
  text: string;
  correct?: boolean;
  why?: string;
}
interface Question {
  q: string;
  options: Option[];
}

/** Every `<Quiz questions={[...]} />` of the docs, its questions evaluated as the MDX compiler would (a JS literal). */
export function quizzes(): Array<{ file: string; questions: Question[] }> {
  const out: Array<{ file: string; questions: Question[] }> = [];
  for (const f of walk(docsDir)) {
    const text = readFileSync(f, 'utf8');
    let at = 0;
    for (;;) {
      const start = text.indexOf('<Quiz', at);
      if (start === -1) break;
      const open = text.indexOf('questions={', start) + 'questions={'.length;
      let depth = 1;
      let i = open;
      let quote: string | null = null;
      for (; i < text.length && depth > 0; i++) {
        const c = text[i];
        if (quote) {
          if (c === '\\') i++;
          else if (c === quote) quote = null;
        } else if (c === "'" || c === '"' || c === '`') quote = c;
        else if (c === '{') depth++;
        else if (c === '}') depth--;
      }
      const literal = text.slice(open, i - 1);
      out.push({ file: relative(docsDir, f), questions: new Function(`return (${literal});`)() as Question[] });
      at = i;
    }
  }
  return out;
}

/** Where each question's correct answer is displayed. */
function displayedPositions(questions: Question[]): number[] {
  const quizSeed = questions.map((q) => q.q).join('\n');
  return questions.map((q, index) =>
    optionOrder({
      quizSeed,
      question: q.q,
      index,
      n: q.options.length,
      correct: q.options.findIndex((o) => o.correct),
    }).findIndex((i) => q.options[i]!.correct),
  );
}

describe('quizzes', () => {
  const all = quizzes();
  const questions = all.flatMap((q) => q.questions);

  it('there are at least 35 questions, each with exactly one correct option', () => {
    expect(questions.length).toBeGreaterThanOrEqual(35);
    for (const q of questions) expect(q.options.filter((o) => o.correct).length, q.q).toBe(1);
  });

  it('every option has an explanation', () => {
    for (const q of questions)
      for (const o of q.options)
        expect(typeof o.why === 'string' && o.why.trim().length > 10, `${q.q} / ${o.text}`).toBe(true);
  });

  it('no quiz puts its correct answers in the same displayed position in more than 60% of its questions', () => {
    for (const { file, questions: qs } of all) {
      const pos = displayedPositions(qs);
      const most = Math.max(...[0, 1, 2, 3, 4].map((p) => pos.filter((x) => x === p).length));
      expect(most / qs.length, `${file}: positions ${pos.join(',')}`).toBeLessThanOrEqual(0.6);
    }
  });

  it('the displayed order is a permutation, stable between calls (server render = browser)', () => {
    for (const { questions: qs } of all) {
      const a = displayedPositions(qs);
      expect(displayedPositions(qs)).toEqual(a);
      const seed = qs.map((q) => q.q).join('\n');
      for (const [i, q] of qs.entries()) {
        const order = optionOrder({
          quizSeed: seed,
          question: q.q,
          index: i,
          n: q.options.length,
          correct: q.options.findIndex((o) => o.correct),
        });
        expect([...order].sort()).toEqual([...q.options.keys()]);
      }
    }
  });

  it('the correct answer is the longest option in at most half of the questions', () => {
    const longest = questions.filter((q) => {
      const c = q.options.find((o) => o.correct)!;
      return q.options.every((o) => o === c || o.text.length < c.text.length);
    });
    expect(longest.length / questions.length, longest.map((q) => q.q).join('\n')).toBeLessThanOrEqual(0.5);
  });
});
