/**
 * Wraps the theme's Mermaid component so a diagram is only rendered when it comes near the viewport.
 *
 * Mermaid renders in the browser: the first diagram of a page loads the Mermaid library (a 1.4 MB chunk) and
 * every diagram runs its layout on the main thread, all right after hydration. On a chapter with several
 * diagrams that is most of the page's blocking time, spent on diagrams the reader has not scrolled to. Here
 * each diagram waits (behind an empty placeholder, like the theme's own before it renders) until it is within
 * about one screen of the viewport; the server HTML never contained the SVG, so nothing is lost for search
 * engines or no-JS readers. Without IntersectionObserver, the diagram renders at once as before.
 */
import React, { useEffect, useRef, useState } from 'react';
import OriginalMermaid from '@theme-original/Mermaid';
import type MermaidType from '@theme/Mermaid';

type Props = React.ComponentProps<typeof MermaidType>;

/** How far outside the viewport a diagram starts rendering (it takes a moment to load and lay out). */
export const MERMAID_ROOT_MARGIN = '600px 0px';

export default function Mermaid(props: Props): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          setNear(true);
        }
      },
      { rootMargin: MERMAID_ROOT_MARGIN },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);
  if (near) return <OriginalMermaid {...props} />;
  return <div ref={ref} className="wil-mermaid-pending" style={{ minHeight: 1 }} />;
}
