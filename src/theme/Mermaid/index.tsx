/**
 * Mermaid diagrams without Mermaid in the browser, when possible.
 *
 * 1. Pre-rendered: scripts/gen-diagrams.ts (npm run gen:diagrams) renders every ```mermaid block under docs/
 *    to SVG, with the site's light and dark Mermaid themes, into one module per diagram keyed by a hash of its
 *    exact source (src/diagrams/generated/). This component looks its `value` up by that hash: the server
 *    renders both SVGs into the HTML (CSS shows the one for `html[data-theme]`), so the diagram is there
 *    before any JavaScript runs, for no-JS readers too (the server build imports every diagram synchronously:
 *    '@wil/prerendered-diagrams' is generated/server.ts there, generated/index.ts in the browser, see
 *    docusaurus.config.ts). At hydration the component takes that markup from the DOM instead of loading the
 *    diagram's module, so no Mermaid code and no SVG chunk is fetched on a first visit. After a client-side
 *    navigation the diagram's own module (a separate chunk, never in main.js) is loaded. The wrapper is `role="img"` with the diagram's accessible
 *    name (accTitle/accDescr, else its kind and labels); the SVGs inside are presentation only.
 * 2. Otherwise (a diagram not pre-rendered yet, or a stored source that does not match exactly) the theme's
 *    runtime rendering, as before: it waits until the diagram comes within about one screen of the viewport,
 *    then loads Mermaid (a 1.4 MB chunk) and lays the diagram out on the main thread.
 */
import React, { Suspense, lazy, useEffect, useRef, useState, type ComponentType } from 'react';
import OriginalMermaid from '@theme-original/Mermaid';
import type MermaidType from '@theme/Mermaid';
import { diagrams, preloaded } from '@wil/prerendered-diagrams';
import { diagramHash } from '@site/src/diagrams/hash';
import type { PrerenderedDiagram } from '@site/src/diagrams/types';

type Props = React.ComponentProps<typeof MermaidType>;

/** How far outside the viewport a runtime-rendered diagram starts rendering (it takes a moment to load and lay out). */
export const MERMAID_ROOT_MARGIN = '600px 0px';

/** The container class the theme uses (and the site test looks for). */
const CONTAINER = 'docusaurus-mermaid-container';

/** The theme's runtime rendering, started when the diagram comes near the viewport. */
function RuntimeMermaid(props: Props): React.JSX.Element {
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

/** The markup inside the container: both themes' SVGs, one of them hidden by CSS (src/css/custom.css). */
function innerHtml(d: PrerenderedDiagram): string {
  return `<div class="wil-mermaid-light">${d.light}</div><div class="wil-mermaid-dark">${d.dark}</div>`;
}

function StaticMermaid({ hash, label, html }: { hash: string; label: string; html: string }): React.JSX.Element {
  return (
    <div
      className={`${CONTAINER} wil-mermaid-static`}
      role="img"
      aria-label={label}
      data-wil-diagram={hash}
      // The server HTML already holds this markup; hydration keeps it (see serverMarkup).
      suppressHydrationWarning
      // eslint-disable-next-line react/no-danger
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** Modules loaded in the browser (after a client-side navigation), by hash. */
const loadedDiagrams = new Map<string, PrerenderedDiagram>();
const lazyDiagrams = new Map<string, ComponentType<{ value: string }>>();

function lazyDiagram(hash: string): ComponentType<{ value: string }> {
  let C = lazyDiagrams.get(hash);
  if (!C) {
    const load = diagrams[hash]!;
    C = lazy(async () => {
      const d = (await load()).default;
      loadedDiagrams.set(hash, d);
      return {
        default: ({ value }: { value: string }) =>
          d.source === value ? (
            <StaticMermaid hash={hash} label={d.label} html={innerHtml(d)} />
          ) : (
            <RuntimeMermaid value={value} />
          ),
      };
    });
    lazyDiagrams.set(hash, C);
  }
  return C;
}

/**
 * In the browser before hydration, the server-rendered container of this diagram (same hash) with its
 * markup and name, so hydration reuses it without loading the diagram's module.
 */
function serverMarkup(hash: string): { label: string; html: string } | null {
  if (typeof document === 'undefined') return null;
  const el = document.querySelector<HTMLElement>(`.wil-mermaid-static[data-wil-diagram="${hash}"]`);
  return el ? { label: el.getAttribute('aria-label') ?? '', html: el.innerHTML } : null;
}

type Ready = { label: string; html: string } | 'runtime' | null;

function PrerenderedMermaid({ hash, value }: { hash: string; value: string }): React.JSX.Element {
  // Decided once per mount, so the markup string keeps its identity and React never rewrites the SVGs.
  // Server: every diagram is preloaded (no Suspense boundary: React would stream a large one out of order).
  // Hydration: the server markup is in the DOM. Client-side navigation: load the diagram's chunk.
  const [ready] = useState<Ready>(() => {
    const d = preloaded[hash] ?? loadedDiagrams.get(hash);
    if (d) return d.source === value ? { label: d.label, html: innerHtml(d) } : 'runtime';
    return serverMarkup(hash);
  });
  if (ready === 'runtime') return <RuntimeMermaid value={value} />;
  if (ready) return <StaticMermaid hash={hash} label={ready.label} html={ready.html} />;
  const Lazy = lazyDiagram(hash);
  return (
    <Suspense fallback={<div className="wil-mermaid-loading" />}>
      <Lazy value={value} />
    </Suspense>
  );
}

export default function Mermaid(props: Props): React.JSX.Element {
  const hash = diagramHash(props.value);
  if (diagrams[hash]) return <PrerenderedMermaid hash={hash} value={props.value} />;
  return <RuntimeMermaid {...props} />;
}
