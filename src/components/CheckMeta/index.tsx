import React from 'react';
import Link from '@docusaurus/Link';
import { useLabsData, labsUsing } from '@site/src/data/labsData';
import RichText from '@site/src/components/RichText';
import styles from './styles.module.css';

/** The metadata box at the top of a check page, taken from the check itself. */
export default function CheckMeta({ id }: { id: string }): React.JSX.Element {
  const data = useLabsData();
  const check = data.checks.find((c) => c.id === id);
  if (!check) {
    return (
      <div className={styles.box} role="note" data-check-missing={id}>
        <p>
          <strong>{id}</strong> is not in the check catalogue.
        </p>
      </div>
    );
  }
  const labs = labsUsing(data, id);
  const messages = Object.entries(check.messages);
  const options = Object.entries(check.options ?? {});
  return (
    <aside className={styles.box} aria-label={`About the check ${id}`} data-check-id={id}>
      <p className={styles.title}>{check.title}</p>
      <dl className={styles.facts}>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{check.id}</code>
          </dd>
        </div>
        <div>
          <dt>Component</dt>
          <dd>{check.component}</dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>
            <span className={styles[check.severity]}>{check.severity}</span>
          </dd>
        </div>
        <div>
          <dt>Points</dt>
          <dd>{check.points}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>{check.kind === 'live' ? 'live probe (--live)' : 'static (reads your files)'}</dd>
        </div>
        <div>
          <dt>Used by</dt>
          <dd>
            {labs.length === 0
              ? check.hidden
                ? 'instructor-only'
                : 'no lab yet'
              : labs.map((l, i) => (
                  <React.Fragment key={l.id}>
                    {i > 0 && ', '}
                    <Link to={`/docs/labs/${l.id}`}>{l.title}</Link>
                  </React.Fragment>
                ))}
          </dd>
        </div>
      </dl>
      <p className={styles.hint}>
        <strong>Hint:</strong> <RichText text={check.hint} />
      </p>
      {check.kind === 'static' &&
        !check.id.endsWith('/valid-config') &&
        !check.id.startsWith('submission/') &&
        labs.length > 0 && (
          <p className={styles.hint}>
            <Link to={`/playground?try=${check.id}`}>Try it in your browser</Link>: this page's Incorrect example in the
            reference solution, with its finding showing.
          </p>
        )}
      {options.length > 0 && (
        <details className={styles.messages}>
          <summary>Options a lab sets ({options.length})</summary>
          <ul>
            {options.map(([name, o]) => (
              <li key={name}>
                <code>{name}</code> ({o.type}
                {o.default !== undefined ? `, default ${JSON.stringify(o.default)}` : ', no default: the lab sets it'}
                ): {o.description}
                {labs.map((l) => {
                  const v = l.checks.find((c) => c.id === id)?.options?.[name];
                  return v === undefined ? null : (
                    <React.Fragment key={l.id}>
                      {' '}
                      {l.title}: <code>{JSON.stringify(v)}</code>.
                    </React.Fragment>
                  );
                })}
              </li>
            ))}
          </ul>
        </details>
      )}
      {messages.length > 0 && (
        <details className={styles.messages}>
          <summary>What the checker can say ({messages.length} messages)</summary>
          <ul>
            {messages.map(([key, text]) => (
              <li key={key}>
                <code>{key}</code>: <RichText text={text} placeholders />
              </li>
            ))}
          </ul>
        </details>
      )}
    </aside>
  );
}
