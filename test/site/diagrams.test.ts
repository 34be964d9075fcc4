/**
 * The pre-rendered Mermaid diagrams (scripts/gen-diagrams.ts -> src/diagrams/generated/) are complete and up to
 * date with docs/, the installed Mermaid and the site's Mermaid config. No build needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  docsDiagrams,
  mermaidBlocks,
  OUT_DIR,
  prefixIds,
  readGeneratedIndex,
  roundCoordinates,
  staleness,
} from '../../scripts/gen-diagrams';
import { diagramHash } from '../../src/diagrams/hash';
import { mermaidPages, routeOf } from './pages';
import { root } from './helpers';

function generated(hash: string): { source: string; label: string; light: string; dark: string } {
  const text = readFileSync(join(OUT_DIR, `${hash}.ts`), 'utf8');
  const field = (name: string) => JSON.parse(new RegExp(`^  ${name}: (".*"),$`, 'm').exec(text)![1]!) as string;
  return { source: field('source'), label: field('label'), light: field('light'), dark: field('dark') };
}

const ids = (svg: string) => [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);

describe('pre-rendered Mermaid diagrams', () => {
  const diagrams = docsDiagrams();

  it('exist for every docs diagram and are not stale (else: npm run gen:diagrams)', () => {
    expect(diagrams.length).toBeGreaterThan(0);
    expect(staleness()).toEqual([]);
  });

  it('finds the same diagrams as the site test counts per page', () => {
    const perPage = new Map<string, number>();
    for (const d of diagrams)
      perPage.set(routeOf(join(root, d.file)), (perPage.get(routeOf(join(root, d.file))) ?? 0) + 1);
    expect(perPage).toEqual(mermaidPages());
  });

  it('have an accessible name, both themes, and ids that never repeat on a page', () => {
    const byPage = new Map<string, string[]>();
    for (const d of diagrams) {
      const g = generated(d.hash);
      expect(g.source).toBe(d.source);
      expect(g.label.length, `${d.file}:${d.line}: no label`).toBeGreaterThan(10);
      for (const mode of ['light', 'dark'] as const) {
        const svg = g[mode];
        expect(svg.startsWith('<svg'), `${d.file}:${d.line} ${mode}`).toBe(true);
        expect(svg).toContain(`id="mermaid-${d.hash}-${mode}"`);
        expect(svg).not.toContain('aria-roledescription="error"');
        for (const id of ids(svg))
          expect(id.startsWith(`mermaid-${d.hash}-${mode}`), `${d.file}:${d.line}: id ${id}`).toBe(true);
      }
      const page = routeOf(join(root, d.file));
      byPage.set(page, [...(byPage.get(page) ?? []), ...ids(g.light), ...ids(g.dark)]);
    }
    for (const [page, all] of byPage) {
      const dup = all.filter((id, i) => all.indexOf(id) !== i);
      expect(dup, `${page}: repeated ids (the same diagram twice on one page?)`).toEqual([]);
    }
  });

  it('the generated index lists exactly the diagrams of docs/', () => {
    expect(readGeneratedIndex()!.hashes.sort()).toEqual([...new Set(diagrams.map((d) => d.hash))].sort());
  });
});

describe('gen-diagrams helpers', () => {
  it('reads fenced mermaid blocks as the MDX loader passes them (indentation, tildes, longer fences)', () => {
    const text = [
      '# t',
      '```mermaid',
      'flowchart LR',
      '  a --> b',
      '```',
      '',
      '- item',
      '',
      '  ~~~~mermaid',
      '  sequenceDiagram',
      '    A->>B: hi',
      '  ~~~~',
      '```js',
      'x',
      '```',
    ].join('\n');
    expect(mermaidBlocks(text)).toEqual([
      { line: 2, source: 'flowchart LR\n  a --> b' },
      { line: 9, source: 'sequenceDiagram\n  A->>B: hi' },
    ]);
  });

  it('hashes sources to 14 hex digits, deterministically, telling one character apart', () => {
    expect(diagramHash('flowchart LR\n  a --> b')).toMatch(/^[0-9a-f]{14}$/);
    expect(diagramHash('flowchart LR\n  a --> b')).toBe(diagramHash('flowchart LR\n  a --> b'));
    expect(diagramHash('flowchart LR\n  a --> b')).not.toBe(diagramHash('flowchart LR\n  a --> c'));
    expect(diagramHash('')).not.toBe(diagramHash(' '));
  });

  it('prefixes foreign ids and rewrites every reference to them', () => {
    const svg =
      '<svg id="p"><marker id="p_arrow"/><g id="node-a"><path marker-end="url(#p_arrow)" fill="url(#grad)"/></g><linearGradient id="grad"/><use href="#node-a"/><style>#p .x{}</style></svg>';
    expect(prefixIds(svg, 'p')).toBe(
      '<svg id="p"><marker id="p_arrow"/><g id="p-node-a"><path marker-end="url(#p_arrow)" fill="url(#p-grad)"/></g><linearGradient id="p-grad"/><use href="#p-node-a"/><style>#p .x{}</style></svg>',
    );
  });

  it('rounds long coordinates in geometry attributes only', () => {
    expect(
      roundCoordinates(
        '<path d="M-25.296875 -19.5 C1.3092840012517186 2.5" class="a1.23456"/><g transform="translate(10.123456, 5)">',
      ),
    ).toBe('<path d="M-25.3 -19.5 C1.31 2.5" class="a1.23456"/><g transform="translate(10.12, 5)">');
    // Compact path syntax: a number that runs into the next one (`.5` starts a new number) is left alone.
    expect(roundCoordinates('<path d="M10.000001.5 5.4.05l-.1234567.05 1.23456 2"/>')).toBe(
      '<path d="M10.000001.5 5.4.05l-.1234567.05 1.23 2"/>',
    );
  });
});
