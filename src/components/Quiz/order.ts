/**
 * The order a quiz shows its options in: seeded by the question's own text, so the server render and the
 * browser agree (no hydration mismatch) and the order never changes between visits, yet the correct answer
 * is not always first. Within a quiz the correct answer takes each position in turn (question i of the quiz
 * puts it at (seed + i) mod n), so no position holds it in most questions; the wrong answers fill the
 * other positions in a seeded shuffle.
 */
import { cyrb53, mulberry32 as prng } from '../../../labs/core/hash';

/** The low 32 bits of cyrb53 (it returns 14 hex digits). */
const hash32 = (s: string): number => parseInt(cyrb53(s).slice(-8), 16);

export interface OrderInput {
  /** The quiz's seed: its questions' texts joined (any stable string). */
  quizSeed: string;
  question: string;
  /** The question's index in its quiz. */
  index: number;
  /** Number of options. */
  n: number;
  /** Index of the correct option as written (-1 when none). */
  correct: number;
}

/** display position -> index of the option as written. */
export function optionOrder({ quizSeed, question, index, n, correct }: OrderInput): number[] {
  const rand = prng(hash32(question));
  const wrong = [...Array(n).keys()].filter((i) => i !== correct);
  for (let i = wrong.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = wrong[i]!;
    wrong[i] = wrong[j]!;
    wrong[j] = t;
  }
  if (correct < 0 || correct >= n) return wrong;
  const at = (hash32(quizSeed) + index) % n;
  return [...wrong.slice(0, at), correct, ...wrong.slice(at)];
}
