/**
 * The key of a pre-rendered Mermaid diagram: cyrb53 of the diagram's exact source (labs/core/hash.ts, pure
 * JavaScript), so the generator (scripts/gen-diagrams.ts), the tests and the Mermaid component (at SSR and in
 * the browser) compute the same key. Not cryptographic: the component also compares the stored source with
 * its own before using a pre-rendered diagram.
 */
import { cyrb53 } from '../../labs/core/hash';

export function diagramHash(source: string): string {
  return cyrb53(source);
}
