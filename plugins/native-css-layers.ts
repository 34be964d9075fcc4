/**
 * With `future.v4`, the classic theme puts Infima and the theme's CSS in cascade layers, so the site's own
 * unlayered CSS (src/css/custom.css) wins. But postcss-preset-env, run per CSS file for the default
 * browserslist, polyfills the layers by raising the specificity of the layered rules (`:root:not(#\#):not(#\#)`),
 * and then Infima's colours beat ours (failing WCAG contrast). Every browser this site supports has native
 * cascade layers (Chrome/Edge 99, Firefox 97, Safari 15.4), so the polyfill is turned off.
 */
import type { Plugin } from '@docusaurus/types';

type PostCssPluginEntry = [string, Record<string, unknown>] | unknown;

export default function nativeCssLayers(): Plugin {
  return {
    name: 'native-css-layers',
    configurePostCss(options: { plugins: PostCssPluginEntry[] }) {
      for (const entry of options.plugins) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[0].includes('postcss-preset-env')) {
          const opts = (entry[1] ?? {}) as { features?: Record<string, unknown> };
          opts.features = { ...(opts.features ?? {}), 'cascade-layers': false };
          entry[1] = opts;
        }
      }
      return options;
    },
  };
}
