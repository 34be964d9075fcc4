import type { Highlight } from 'prism-react-renderer';

export type HighlightComponent = typeof Highlight;
