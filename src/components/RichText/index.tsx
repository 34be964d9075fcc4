import React from 'react';

/**
 * Plain text from the catalogue or a quiz, with `backticks` shown as inline code and, when `placeholders` is
 * set, `{{name}}` message placeholders shown as <var>name</var>.
 */
export default function RichText({
  text,
  placeholders = false,
}: {
  text: string;
  placeholders?: boolean;
}): React.JSX.Element {
  const parts = text.split('`');
  return (
    <>
      {parts.map((p, i) => {
        if (i % 2 === 1 && i < parts.length - 1) return <code key={i}>{p}</code>;
        const plain = i % 2 === 1 ? '`' + p : p;
        if (!placeholders) return <React.Fragment key={i}>{plain}</React.Fragment>;
        return (
          <React.Fragment key={i}>
            {plain
              .split(/(\{\{\s*\w+\s*\}\})/g)
              .map((q, j) =>
                /^\{\{/.test(q) ? (
                  <var key={j}>{q.replace(/[{}\s]/g, '')}</var>
                ) : (
                  <React.Fragment key={j}>{q}</React.Fragment>
                ),
              )}
          </React.Fragment>
        );
      })}
    </>
  );
}
