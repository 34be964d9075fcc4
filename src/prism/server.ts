/**
 * The server build's '@wil/prism' (see ./client.ts): Prism is at hand synchronously, so every code block is
 * highlighted in the server HTML. The theme's prism-include-languages client module still runs in the server
 * build and has registered the additional languages on this Prism instance.
 */
import { Highlight } from 'prism-react-renderer';
import type { HighlightComponent } from './types';

export function highlightNow(): HighlightComponent | null {
  return Highlight;
}

export function loadHighlight(): Promise<HighlightComponent> {
  return Promise.resolve(Highlight);
}
