/**
 * The pre-rendered diagrams (scripts/gen-diagrams.ts). docusaurus.config.ts resolves this name to
 * src/diagrams/generated/index.ts in the browser build (lazy chunks) and to server.ts in the server build
 * (everything synchronous, so the SVG is inline in the server HTML).
 */
declare module '@wil/prerendered-diagrams' {
  import type { DiagramLoader, PrerenderedDiagram } from '@site/src/diagrams/types';
  export const fingerprint: string;
  /** Diagram source hash (src/diagrams/hash.ts) -> its module. */
  export const diagrams: Record<string, DiagramLoader>;
  /** Diagrams available synchronously: all of them on the server, none in the browser. */
  export const preloaded: Record<string, PrerenderedDiagram>;
}
