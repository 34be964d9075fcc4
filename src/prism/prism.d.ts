/** Prism for code blocks: synchronous on the server, loaded on demand in the browser (src/prism/client.ts). */
declare module '@wil/prism' {
  import type { HighlightComponent } from '@site/src/prism/types';
  /** Prism's Highlight component if it is already loaded (always on the server), else null. */
  export function highlightNow(): HighlightComponent | null;
  /** Loads Prism (and the site's additional languages) once. */
  export function loadHighlight(): Promise<HighlightComponent>;
}
