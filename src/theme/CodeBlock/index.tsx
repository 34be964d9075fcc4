/**
 * The classic theme's CodeBlock, without its `key={String(isBrowser)}` remount (adapted from
 * @docusaurus/theme-classic 3.10, MIT).
 *
 * The theme remounts every code block right after hydration so that a dark-mode visitor gets the dark Prism
 * colours (inline styles that hydration would not patch). Since Docusaurus 3.9 `useColorMode()` already lags
 * on purpose: hydration renders with the default (light) mode, exactly like the server HTML, and the real mode
 * arrives in an effect as an ordinary update, which React does apply to the inline styles. The remount only
 * costs: it re-tokenises and rebuilds every block in the long task after hydration (Lighthouse TBT), and the
 * replaced nodes become a new, late Largest Contentful Paint candidate on pages whose biggest element is code.
 */
import React, { isValidElement, type ReactNode } from 'react';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';
import type { Props } from '@theme/CodeBlock';

/** As in the theme: plain string children are joined so the block stays copyable. */
function maybeStringifyChildren(children: ReactNode): ReactNode {
  if (React.Children.toArray(children).some((el) => isValidElement(el))) return children;
  return Array.isArray(children) ? children.join('') : children;
}

export default function CodeBlock({ children: rawChildren, ...props }: Props): React.JSX.Element {
  const children = maybeStringifyChildren(rawChildren);
  return typeof children === 'string' ? (
    <StringContent {...props}>{children}</StringContent>
  ) : (
    <ElementContent {...props}>{children}</ElementContent>
  );
}
