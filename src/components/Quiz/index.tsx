import React, { useEffect, useId, useMemo, useState } from 'react';
import { optionOrder } from './order';
import clsx from 'clsx';
import Inline from '@site/src/components/RichText';
import styles from './styles.module.css';

export interface QuizOption {
  /** The answer as shown. `backticks` become inline code. */
  text: string;
  correct?: boolean;
  /** Why this answer is right or wrong. Shown after checking, for every option. */
  why: string;
}

export interface QuizQuestion {
  q: string;
  options: QuizOption[];
}

export interface QuizProps {
  title?: string;
  questions: QuizQuestion[];
}

function Question({
  question,
  index,
  quizSeed,
  onChecked,
}: {
  question: QuizQuestion;
  index: number;
  quizSeed: string;
  onChecked: (index: number, correct: boolean) => void;
}): React.JSX.Element {
  const baseId = useId();
  const [selected, setSelected] = useState<number | null>(null);
  const [checked, setChecked] = useState<number | null>(null);
  const [error, setError] = useState(false);
  const written = question.options.findIndex((o) => o.correct);
  // the options in their display order (seeded: the same on the server and in the browser)
  const options = useMemo(() => {
    const order = optionOrder({ quizSeed, question: question.q, index, n: question.options.length, correct: written });
    return order.map((i) => question.options[i]!);
  }, [quizSeed, question, index, written]);
  const correctIndex = options.findIndex((o) => o.correct);
  const name = `${baseId}-q${index}`;
  const feedbackId = `${baseId}-fb${index}`;

  function check(e: React.FormEvent): void {
    e.preventDefault();
    if (selected === null) {
      setError(true);
      return;
    }
    setError(false);
    setChecked(selected);
    onChecked(index, selected === correctIndex);
  }

  const isRight = checked !== null && checked === correctIndex;
  return (
    <form className={styles.question} onSubmit={check} aria-describedby={feedbackId}>
      <fieldset>
        <legend className={styles.legend} id={`${name}-legend`}>
          <span className={styles.number}>{index + 1}.</span> <Inline text={question.q} />
        </legend>
        <div role="radiogroup" aria-labelledby={`${name}-legend`} className={styles.options}>
          {options.map((o, i) => {
            const id = `${name}-o${i}`;
            const state =
              checked === null ? undefined : i === correctIndex ? 'right' : i === checked ? 'wrong' : undefined;
            return (
              <div key={i} className={clsx(styles.option, state && styles[state])}>
                <input
                  type="radio"
                  id={id}
                  name={name}
                  value={i}
                  checked={selected === i}
                  onChange={() => {
                    setSelected(i);
                    setError(false);
                  }}
                />
                <label htmlFor={id}>
                  <Inline text={o.text} />
                  {state === 'right' && <span className={styles.tag}> (correct answer)</span>}
                  {state === 'wrong' && <span className={styles.tag}> (your answer)</span>}
                </label>
                {checked !== null && (
                  <p className={styles.why}>
                    <Inline text={o.why} />
                  </p>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
      <div className={styles.actions}>
        <button type="submit" className="button button--primary button--sm">
          Check answer
        </button>
        {checked !== null && (
          <button
            type="button"
            className="button button--secondary button--sm"
            onClick={() => {
              setChecked(null);
              setSelected(null);
            }}
          >
            Try again
          </button>
        )}
      </div>
      <div id={feedbackId} className={styles.feedback} role="status" aria-live="polite">
        {error && <p>Choose an answer first.</p>}
        {checked !== null && (
          <p className={isRight ? styles.ok : styles.bad}>
            <strong>{isRight ? 'Correct.' : 'Not quite.'}</strong> <Inline text={options[checked]!.why} />
            {!isRight && correctIndex >= 0 && (
              <>
                {' '}
                The right answer: <Inline text={options[correctIndex]!.text} />.
              </>
            )}
          </p>
        )}
      </div>
    </form>
  );
}

/** A self-check quiz: client state only, keyboard accessible, an explanation for every answer. */
export default function Quiz({ title = 'Check yourself', questions }: QuizProps): React.JSX.Element {
  const [results, setResults] = useState<Record<number, boolean>>({});
  const [last, setLast] = useState<{ right: number; of: number } | null>(null);
  const quizSeed = useMemo(() => questions.map((q) => q.q).join('\n'), [questions]);
  const answered = Object.keys(results).length;
  const right = Object.values(results).filter(Boolean).length;
  // the score is remembered per page and quiz (in this browser only)
  const key = `web-infra-lab:quiz:${typeof window === 'undefined' ? '' : window.location.pathname}:${title}`;
  useEffect(() => {
    try {
      const saved = JSON.parse(window.localStorage.getItem(key) ?? 'null') as { right: number; of: number } | null;
      if (saved && typeof saved.right === 'number') setLast(saved);
    } catch {
      /* storage disabled or corrupt: no memory */
    }
  }, [key]);
  useEffect(() => {
    if (answered === 0) return;
    try {
      window.localStorage.setItem(key, JSON.stringify({ right, of: questions.length, answered }));
    } catch {
      /* storage disabled */
    }
  }, [key, right, answered, questions.length]);
  return (
    <section className={styles.quiz} aria-label={title}>
      <h2 className={styles.title}>{title}</h2>
      {questions.map((q, i) => (
        <Question
          key={i}
          question={q}
          index={i}
          quizSeed={quizSeed}
          onChecked={(index, correct) => setResults((r) => ({ ...r, [index]: correct }))}
        />
      ))}
      <p className={styles.score} aria-live="polite">
        {answered === 0
          ? `${questions.length} question${questions.length === 1 ? '' : 's'}. Nothing is sent anywhere.${last ? ` Last time here: ${last.right} of ${last.of} right.` : ''}`
          : `${right} of ${questions.length} right so far (${answered} checked).`}
      </p>
    </section>
  );
}
