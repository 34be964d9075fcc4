/** A Mermaid diagram rendered ahead of time by scripts/gen-diagrams.ts (one generated module per diagram). */
export interface PrerenderedDiagram {
  /** The exact diagram source it was rendered from (the component compares it with its own). */
  source: string;
  /** The accessible name: accTitle (+ accDescr) when the diagram has them, else its kind and labels. */
  label: string;
  /** The SVG markup with the site's light Mermaid theme; ids are prefixed `mermaid-<hash>-light`. */
  light: string;
  /** The same diagram with the site's dark Mermaid theme; ids are prefixed `mermaid-<hash>-dark`. */
  dark: string;
}

export type DiagramLoader = () => Promise<{ default: PrerenderedDiagram }>;
