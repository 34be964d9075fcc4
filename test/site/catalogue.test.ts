/**
 * The site against the checker's data, without building: every check has its page, every page names a
 * check, every lab has its page, every chapter ends with a quiz, and the start command lives in one place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../labs/core/checks/index';
import { docsPath } from '../../labs/core/checks/types';
import { loadLabsData, root } from './helpers';
import { checkPageIds, docsDir, frontMatter, walk } from './pages';

const catalogueIds = checks.map((c) => c.meta.id);
// The lab specs and the plugin's view of them, loaded the way Docusaurus loads the plugin (jiti).
const data = loadLabsData();
const pages = checkPageIds();

describe('check pages and the catalogue', () => {
  it('the catalogue is not empty and its ids are unique', () => {
    expect(catalogueIds.length).toBeGreaterThan(0);
    expect(new Set(catalogueIds).size).toBe(catalogueIds.length);
  });

  it("every page's front matter is valid YAML (Docusaurus refuses to build otherwise)", () => {
    const bad: string[] = [];
    for (const file of walk(docsDir).filter((f) => /\.mdx?$/.test(f))) {
      try {
        frontMatter(readFileSync(file, 'utf8'));
      } catch (e) {
        bad.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every check in the catalogue has its page at docs/checks/<id>.md(x)', () => {
    const missing = catalogueIds.filter((id) => !pages.has(id));
    expect(missing, `checks without a page: ${missing.join(', ')}`).toEqual([]);
  });

  it('every page under docs/checks names an existing check', () => {
    const orphans = [...pages.keys()].filter((id) => !catalogueIds.includes(id));
    expect(orphans, `pages naming no check: ${orphans.join(', ')}`).toEqual([]);
  });

  it('the docs path derived from each id is the route of its page file', () => {
    for (const id of catalogueIds) {
      expect(docsPath(id)).toBe(`/docs/checks/${id}`);
    }
  });

  it('each check page is titled with its id and has the hand-written sections', () => {
    for (const [id, file] of pages) {
      const text = readFileSync(file, 'utf8');
      expect(frontMatter(text).title, file).toBe(id);
      const prose = text.replace(/^```[\s\S]*?^```$/gm, '');
      expect(prose, `${file}: the title comes from front matter, so the metadata box sits under it`).not.toMatch(
        /^# /m,
      );
      const meta = checks.find((c) => c.meta.id === id)?.meta;
      if (meta?.kind === 'live') {
        expect(text, file).toMatch(/^## What the probe does$/m);
      } else {
        for (const h of ['## Why it matters', '## Incorrect', '## Correct', '## How to fix']) {
          expect(text, `${file} lacks "${h}"`).toContain(`\n${h}\n`);
        }
      }
    }
  });
});

describe('lab pages and the specs', () => {
  const labs = data.labs.map((l) => l.id);

  it('every lab has docs/labs/<id>.mdx with its generated requirement table', () => {
    expect(labs.length).toBeGreaterThan(0);
    for (const id of labs) {
      const file = join(docsDir, 'labs', `${id}.mdx`);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(`<LabRequirements lab="${id}" />`);
    }
  });

  it('every lab page names an existing lab', () => {
    for (const f of walk(join(docsDir, 'labs'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/<LabRequirements lab="([^"]+)"/g)) {
        expect(labs, f).toContain(m[1]);
      }
    }
  });

  it('every check a lab scores is in the catalogue', () => {
    for (const id of labs) {
      for (const c of data.labs.find((l) => l.id === id)!.checks)
        expect(catalogueIds, `${id} uses ${c.id}`).toContain(c.id);
    }
  });

  it('the plugin hands the site the catalogue as it is (hidden flags included)', () => {
    expect(data.checks.map((c) => c.id).sort()).toEqual([...catalogueIds].sort());
    for (const c of data.checks) {
      const meta = checks.find((x) => x.meta.id === c.id)!.meta;
      expect(c).toMatchObject({
        title: meta.title,
        severity: meta.severity,
        points: meta.points,
        hint: meta.hint,
        kind: meta.kind,
        hidden: meta.hidden === true,
        docsPath: docsPath(meta.id),
      });
    }
    expect(labs).toContain('distributed-web');
    expect(existsSync(join(root, 'labs/specs', labs[0]!, 'spec.yaml'))).toBe(true);
  });
});

describe('course pages', () => {
  it('every chapter (design and issues) ends with a quiz', () => {
    const chapters = walk(docsDir).filter((f) => /\/docs\/(design|issues)\//.test(f));
    expect(chapters.length).toBeGreaterThanOrEqual(9);
    for (const f of chapters) {
      const text = readFileSync(f, 'utf8');
      expect(f.endsWith('.mdx'), `${f} uses a component, so it must be .mdx`).toBe(true);
      expect(text, f).toContain("import Quiz from '@site/src/components/Quiz';");
      expect(text.trimEnd().endsWith('/>'), `${f}: the quiz is the last thing on the page`).toBe(true);
      // Every option has an explanation: count "why:" against "text:" inside the quiz.
      const quiz = text.slice(text.lastIndexOf('<Quiz'));
      expect((quiz.match(/\bwhy:/g) ?? []).length, f).toBe((quiz.match(/\btext:/g) ?? []).length);
      expect((quiz.match(/correct: true/g) ?? []).length, f).toBe((quiz.match(/\bq:/g) ?? []).length);
    }
  });

  it('the first commands are written in one place only (src/constants.ts)', () => {
    const constants = readFileSync(join(root, 'src/constants.ts'), 'utf8');
    const cmd = /FIRST_CHECK_COMMAND = '([^']+)'/.exec(constants)?.[1];
    expect(cmd).toBeDefined();
    const others = [...walk(docsDir), join(root, 'src/pages/index.tsx')].filter((f) =>
      readFileSync(f, 'utf8').includes(cmd!),
    );
    expect(others, 'copy the constant, not the text').toEqual([]);
  });

  it('the example the first command checks exists', () => {
    const constants = readFileSync(join(root, 'src/constants.ts'), 'utf8');
    const dir = /FIRST_CHECK_COMMAND = 'npm run check-lab -- ([^' ]+)'/.exec(constants)?.[1];
    expect(dir).toBeDefined();
    expect(existsSync(join(root, dir!, 'answers.yaml')), `${dir}/answers.yaml`).toBe(true);
  });
});
