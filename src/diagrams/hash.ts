/**
 * The key of a pre-rendered Mermaid diagram: cyrb53 (a public-domain 53-bit string hash) of the diagram's exact
 * source, as 14 hex digits. Pure JavaScript so the generator (scripts/gen-diagrams.ts), the tests and the
 * Mermaid component (at SSR and in the browser) compute the same key. Not cryptographic: the component also
 * compares the stored source with its own before using a pre-rendered diagram.
 */
export function diagramHash(source: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(16).padStart(14, '0');
}
