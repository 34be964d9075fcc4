/**
 * The classic theme's CodeBlock content (adapted from @docusaurus/theme-classic 3.10, MIT), without Prism on a
 * first page load.
 *
 * The theme highlights every code block again in the browser during hydration, with Prism in main.js: its
 * grammars are evaluated on every page load and each block is tokenised and turned into hundreds of React
 * elements, all in the long task after the page arrives (Lighthouse TBT). Here the server still highlights
 * (Prism is imported synchronously there, see src/prism/server.ts), and at hydration the block reuses the
 * server's markup: the <pre> is found by its `useId()` (the same on both sides) and its inner HTML kept as
 * is. Prism is loaded (src/prism/client.ts, its own chunk) only when a block must be highlighted in the
 * browser: after a client-side navigation (the block shows as plain text for that moment), or when the colour
 * mode is not the server's light one (the Prism colours are inline styles, as in the theme).
 */
import React, { useEffect, useId, useState, type CSSProperties } from 'react';
import clsx from 'clsx';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import { usePrismTheme } from '@docusaurus/theme-common';
import { highlightNow, loadHighlight } from '@wil/prism';
import Line from '@theme/CodeBlock/Line';
import type { Props } from '@theme/CodeBlock/Content';
import styles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css';

type PreProps = React.ComponentProps<'pre'> & { 'data-wil-code': string };

// TODO Docusaurus v4 (as in the theme): remove useless forwardRef
const Pre = React.forwardRef<HTMLPreElement, PreProps>((props, ref) => (
  // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
  <pre ref={ref} tabIndex={0} {...props} className={clsx(props.className, styles.codeBlock, 'thin-scrollbar')} />
));

function Code(props: React.ComponentProps<'code'>): React.JSX.Element {
  const { metadata } = useCodeBlockContext();
  return (
    <code
      {...props}
      className={clsx(
        props.className,
        styles.codeBlockLines,
        metadata.lineNumbersStart !== undefined && styles.codeBlockLinesWithNumbering,
      )}
      style={{
        ...props.style,
        counterReset:
          metadata.lineNumbersStart === undefined ? undefined : `line-count ${metadata.lineNumbersStart - 1}`,
      }}
    />
  );
}

/** The server-rendered <pre> of this block while hydrating, else null. */
function serverPre(id: string): HTMLPreElement | null {
  if (typeof document === 'undefined') return null;
  return (
    Array.from(document.querySelectorAll<HTMLPreElement>('pre[data-wil-code]')).find(
      (pre) => pre.getAttribute('data-wil-code') === id,
    ) ?? null
  );
}

export default function CodeBlockContent({ className: classNameProp }: Props): React.JSX.Element {
  const { metadata, wordWrap } = useCodeBlockContext();
  const prismTheme = usePrismTheme();
  const { code, language, lineNumbersStart, lineClassNames } = metadata;
  const id = useId();
  // Decided once, on mount: the server's highlighted markup (when hydrating without Prism) and its theme.
  const [server] = useState(() => {
    if (highlightNow()) return null;
    const pre = serverPre(id);
    return pre ? { html: pre.innerHTML, theme: prismTheme } : null;
  });
  const [Highlight, setHighlight] = useState(() => highlightNow());
  const reuse = !Highlight && server !== null && server.theme === prismTheme;
  useEffect(() => {
    if (Highlight || reuse) return;
    let live = true;
    void loadHighlight().then((H) => {
      if (live) setHighlight(() => H);
    });
    return () => {
      live = false;
    };
  }, [Highlight, reuse]);

  // Prism's <pre> attributes: className `prism-code language-x` and the theme's plain colours (its `root` style).
  const preClass = clsx(classNameProp, `prism-code language-${language.toLowerCase()}`);
  const preStyle: CSSProperties = prismTheme.plain;

  if (Highlight) {
    return (
      <Highlight theme={prismTheme} code={code} language={language}>
        {({ className, style, tokens: lines, getLineProps, getTokenProps }) => (
          <Pre
            key="live"
            ref={wordWrap.codeBlockRef}
            data-wil-code={id}
            className={clsx(classNameProp, className)}
            style={style}
          >
            <Code>
              {lines.map((line, i) => (
                <Line
                  key={i}
                  line={line}
                  getLineProps={getLineProps}
                  getTokenProps={getTokenProps}
                  classNames={lineClassNames[i]}
                  showLineNumbers={lineNumbersStart !== undefined}
                />
              ))}
            </Code>
          </Pre>
        )}
      </Highlight>
    );
  }
  if (reuse) {
    return (
      <Pre
        key="server"
        ref={wordWrap.codeBlockRef}
        data-wil-code={id}
        className={preClass}
        style={preStyle}
        suppressHydrationWarning
        // eslint-disable-next-line react/no-danger
        dangerouslySetInnerHTML={{ __html: server!.html }}
      />
    );
  }
  // Prism is on its way: the code, unhighlighted, for a moment.
  return (
    <Pre key="plain" ref={wordWrap.codeBlockRef} data-wil-code={id} className={preClass} style={preStyle}>
      <Code>{code}</Code>
    </Pre>
  );
}
