/**
 * The learning path (issue: the course): every chapter says what it teaches and what it needs, and ends with
 * "Do it" links to the lab requirements or check pages it prepares, each link pointing at a page that exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsDir, walk } from './pages';

const chapters = walk(docsDir).filter((f) => /\/docs\/(design|issues)\//.test(f));

describe('learning path', () => {
  it('covers every chapter', () => expect(chapters.length).toBeGreaterThanOrEqual(9));
  for (const f of chapters) {
    const name = relative(docsDir, f);
    const text = readFileSync(f, 'utf8');
    it(`${name}: objectives and prerequisites at the top`, () => {
      const top = text.slice(0, 1500);
      expect(top).toContain('What you will be able to do');
      expect(top).toContain('What you need first');
    });
    it(`${name}: links to at least one lab requirement or check page, and every such link resolves`, () => {
      const links = [...text.matchAll(/\]\((\.\.\/(?:checks|labs)\/[^)#\s]+)(#[^)\s]*)?\)/g)].map((m) => m[1]!);
      expect(links.length).toBeGreaterThan(0);
      for (const l of links) expect(existsSync(join(dirname(f), l)), `${name}: ${l}`).toBe(true);
    });
  }
  it('the Q&A answers are collapsed (retrieval practice)', () => {
    const qa = readFileSync(join(docsDir, 'qa.md'), 'utf8');
    expect(qa).not.toMatch(/^### /m);
    expect((qa.match(/<details>/g) ?? []).length).toBeGreaterThanOrEqual(15);
  });
  it('a build-it walkthrough comes before the lab', () => {
    const side = readFileSync(join(docsDir, '..', 'sidebars.ts'), 'utf8');
    expect(side.indexOf("'build-it'")).toBeGreaterThan(-1);
    expect(side.indexOf("'build-it'")).toBeLessThan(side.indexOf("'labs/distributed-web'"));
  });
  it('every Mermaid diagram has an accessible title and description', () => {
    for (const f of walk(docsDir)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        expect(m[1], relative(docsDir, f)).toMatch(/^\s*accTitle: \S/m);
        expect(m[1], relative(docsDir, f)).toMatch(/^\s*accDescr: \S/m);
      }
    }
  });
});
