/**
 * Wraps the theme's doc content to inject the check's metadata box (from the catalogue) right under the
 * title of every page under docs/checks/<component>/<name>. Adapted from @docusaurus/theme-classic's
 * DocItem/Content (MIT).
 */
import React from 'react';
import clsx from 'clsx';
import { ThemeClassNames } from '@docusaurus/theme-common';
import { useDoc } from '@docusaurus/plugin-content-docs/client';
import Heading from '@theme/Heading';
import MDXContent from '@theme/MDXContent';
import type { Props } from '@theme/DocItem/Content';
import CheckMeta from '@site/src/components/CheckMeta';

/** `checks/haproxy/frontend-port-80` -> `haproxy/frontend-port-80`; null for other docs. */
export function checkIdOfDoc(docId: string): string | null {
  const m = /^checks\/([^/]+\/[^/]+)$/.exec(docId);
  return m ? m[1]! : null;
}

export default function DocItemContent({ children }: Props): React.JSX.Element {
  const { metadata, frontMatter, contentTitle } = useDoc();
  const syntheticTitle = !frontMatter.hide_title && typeof contentTitle === 'undefined' ? metadata.title : null;
  const checkId = checkIdOfDoc(metadata.id);
  return (
    <div className={clsx(ThemeClassNames.docs.docMarkdown, 'markdown')}>
      {syntheticTitle && (
        <header>
          <Heading as="h1">{syntheticTitle}</Heading>
        </header>
      )}
      {checkId && <CheckMeta id={checkId} />}
      <MDXContent>{children}</MDXContent>
    </div>
  );
}
