/**
 * The browser's '@wil/prism' (docusaurus.config.ts points the name here in the client build, at ./server.ts in
 * the server build). Prism (prism-react-renderer, ~85 KB with its grammars, plus the site's additional
 * languages) is not in main.js: code blocks hydrate from the server's highlighted markup, and Prism is only
 * loaded, as a separate chunk, when a block must be highlighted in the browser (after a client-side
 * navigation, or when the colour mode differs from the server's).
 */
import type { HighlightComponent } from './types';

let loaded: HighlightComponent | null = null;
let loading: Promise<HighlightComponent> | null = null;

/** Prism's Highlight component if it is already loaded, else null. */
export function highlightNow(): HighlightComponent | null {
  return loaded;
}

/** Loads prism-react-renderer and registers themeConfig.prism.additionalLanguages (as the theme's client module would). */
export function loadHighlight(): Promise<HighlightComponent> {
  loading ??= Promise.all([import('prism-react-renderer'), import('@theme/prism-include-languages')]).then(
    ([prr, include]) => {
      include.default(prr.Prism);
      loaded = prr.Highlight;
      return loaded;
    },
  );
  return loading;
}
