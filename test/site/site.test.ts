/**
 * Builds the site once (docusaurus build into a temp folder), then checks the build and drives the built site
 * in Debian's Chromium (playwright-core, never a downloaded browser), served by a local static server under the
 * production base URL.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../labs/core/checks/index';
import { docsPath } from '../../labs/core/checks/types';
import {
  buildSite,
  loadLabsData,
  root,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumAvailable,
  serveStatic,
  sitemapPaths,
  type BuildResult,
  type StaticSite,
} from './helpers';
import { mermaidPages } from './pages';
import { answers, cliVerdicts, shareHash, type Verdicts } from './playground-answers';

const SITE_URL = 'https://web-infra-lab.github.io';
const BASE = '/web-infra-lab/';
const out = mkdtempSync(join(tmpdir(), 'wil-site-'));
const data = loadLabsData();
let build: BuildResult;

beforeAll(async () => {
  build = await buildSite(out, { SITE_URL, BASE_URL: BASE });
}, 240_000);

afterAll(() => {
  if (!process.env.WEB_INFRA_LAB_KEEP) rmSync(out, { recursive: true, force: true });
});

/** Attribute values in the minified HTML, quoted or not (`href=/a/b` or `href="/a b"`). */
function attrValues(html: string, name: string): Set<string> {
  const re = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'g');
  return new Set([...html.matchAll(re)].map((m) => m[1] ?? m[2] ?? m[3]!));
}

function builtPage(route: string): string {
  const file = join(out, `${route.replace(/^\//, '')}.html`);
  expect(existsSync(file), `${route} was not built (${file})`).toBe(true);
  return readFileSync(file, 'utf8');
}

describe('docusaurus build', () => {
  it('succeeds (MDX, SSR, broken links and anchors all throw)', () => {
    expect(build.code, build.output.slice(-4000)).toBe(0);
  });

  it("every check's docs link resolves to a built page that carries its metadata box", () => {
    for (const { meta } of checks) {
      const html = builtPage(docsPath(meta.id));
      expect(attrValues(html, 'data-check-id').has(meta.id), `${meta.id}: no metadata box on its page`).toBe(true);
    }
  });

  it('each lab page links every visible check of the lab and no hidden one', () => {
    expect(data.labs.length).toBeGreaterThan(0);
    for (const lab of data.labs) {
      const id = lab.id;
      const hrefs = attrValues(builtPage(`/docs/labs/${id}`), 'href');
      for (const c of lab.checks) {
        const href = `${BASE}${docsPath(c.id).slice(1)}`;
        if (c.hidden) expect(hrefs.has(href), `hidden ${c.id} listed on the ${id} page`).toBe(false);
        else expect(hrefs.has(href), `${c.id} missing from the ${id} page`).toBe(true);
      }
    }
  });

  it('puts every docs diagram, pre-rendered, in the server HTML (role=img with a name, light and dark SVG)', () => {
    for (const [route, n] of mermaidPages()) {
      const html = builtPage(`/${route}`);
      const containers = [
        ...html.matchAll(
          /<div class="?docusaurus-mermaid-container wil-mermaid-static"?([^>]*)>(.*?)<\/svg><\/div><\/div>/gs,
        ),
      ];
      expect(
        containers.length,
        `${route}: ${n} diagram(s) in the source, ${containers.length} pre-rendered in the HTML`,
      ).toBe(n);
      for (const [, attrs, inner] of containers) {
        expect(attrs).toMatch(/\srole="?img/);
        expect(attrs).toMatch(/\saria-label="[^"]{10,}"/);
        expect(inner).toMatch(/^<div class="?wil-mermaid-light"?><svg[^>]*>.*<div class="?wil-mermaid-dark"?><svg/s);
      }
    }
  });

  it('draws the failover timeline into the server HTML from the committed measurement', () => {
    const html = builtPage('/docs/issues/failover-timeline');
    const svg = /<svg[^>]*role="?img"?[^>]*aria-label="([^"]*)"[^>]*>([\s\S]*?)<\/svg>/.exec(html);
    expect(svg, 'the chart is an <svg role="img"> with a name').not.toBeNull();
    expect(svg![1]).toMatch(/haproxy killed on lb-01 at [\d.]+ s: the VIP moved after [\d.]+ s/);
    // a bar per client request of the measurement
    const requests = (
      JSON.parse(readFileSync(join(root, 'src/data/failover-timeline.json'), 'utf8')) as { requests: unknown[] }
    ).requests.length;
    expect((svg![2].match(/<rect/g) ?? []).length).toBeGreaterThanOrEqual(requests);
  });

  it('writes the offline search index and a sitemap under the configured base URL', () => {
    expect(existsSync(join(out, 'search-index.json'))).toBe(true);
    const paths = sitemapPaths(out, SITE_URL, BASE);
    expect(paths).toContain('docs/design/load-balancing');
    expect(paths.length).toBeGreaterThan(30);
  });
});

// Browser tests: Chromium is required in CI; elsewhere they are skipped with the reason.
const inCI = process.env.CI === 'true';
const haveChromium = chromiumAvailable();
if (!haveChromium && !inCI) {
  // eslint-disable-next-line no-console
  console.warn(
    `site browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`,
  );
}

describe.skipIf(!haveChromium && !inCI)('the built site in Chromium', () => {
  let site: StaticSite;
  let browser: Browser;

  beforeAll(async () => {
    expect(haveChromium, `Chromium is required in CI: none at ${CHROMIUM_PATH}`).toBe(true);
    expect(build.code, 'the build failed').toBe(0);
    site = await serveStatic(out, BASE);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const res = await page.goto(site.origin + path);
    if (res?.status() !== 200) errors.push(`HTTP ${res?.status()}`);
    await page.waitForSelector('html[data-has-hydrated="true"]', { timeout: 15_000 });
    return { page, errors };
  }

  it('visits every page of the sitemap with no console error, and renders every Mermaid diagram as SVG', async () => {
    const paths = sitemapPaths(out, SITE_URL, BASE);
    const diagrams = mermaidPages();
    expect(diagrams.size).toBeGreaterThan(0);
    for (const route of diagrams.keys())
      expect(paths, `${route} has diagrams but is not in the sitemap`).toContain(route);
    const problems: string[] = [];
    const queue = [...paths];
    // Two workers, each reusing one page in a shared context (so the HTTP cache holds the JS bundles),
    // each page still a full load so hydration errors show.
    const context = await browser.newContext();
    const worker = async () => {
      const page = await context.newPage();
      let errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        errors = [];
        const res = await page.goto(site.origin + p);
        if (res?.status() !== 200) errors.push(`HTTP ${res?.status()}`);
        await page.waitForSelector('html[data-has-hydrated="true"]', { timeout: 20_000 });
        const want = diagrams.get(p) ?? 0;
        if (want > 0) {
          // Diagrams render when they come near the viewport (src/theme/Mermaid): scroll through the page as a reader would.
          // Bring each waiting diagram into view in turn and give the observer a moment (a fast scroll past a
          // diagram on a busy machine can skip the frame in which it intersected).
          await page.evaluate(async () => {
            const deadline = Date.now() + 15_000;
            for (
              let el = document.querySelector('.wil-mermaid-pending');
              el && Date.now() < deadline;
              el = document.querySelector('.wil-mermaid-pending')
            ) {
              el.scrollIntoView({ block: 'center' });
              await new Promise((r) => setTimeout(r, 100));
            }
          });
          // A diagram counts when its container shows an SVG with a size (pre-rendered ones hold a light and a
          // dark SVG, one hidden by CSS; runtime ones one SVG).
          const shown = () =>
            page.evaluate(
              () =>
                Array.from(document.querySelectorAll('.docusaurus-mermaid-container')).filter((c) =>
                  Array.from(c.querySelectorAll(':scope svg')).some((s) => s.getBoundingClientRect().width > 0),
                ).length,
            );
          try {
            await page.waitForFunction(
              (n) =>
                Array.from(document.querySelectorAll('.docusaurus-mermaid-container')).filter((c) =>
                  Array.from(c.querySelectorAll(':scope svg')).some((s) => s.getBoundingClientRect().width > 0),
                ).length >= n,
              want,
              { timeout: 20_000 },
            );
          } catch {
            errors.push(`${want} diagram(s) expected, ${await shown()} rendered`);
          }
          const broken = await page.locator('.docusaurus-mermaid-container svg[aria-roledescription="error"]').count();
          if (broken) errors.push(`${broken} diagram(s) failed to parse`);
          const dupIds = await page.evaluate(() => {
            const all = Array.from(document.querySelectorAll('[id]')).map((e) => e.id);
            return [...new Set(all.filter((id, i) => all.indexOf(id) !== i))];
          });
          if (dupIds.length) errors.push(`ids used more than once: ${dupIds.slice(0, 5).join(', ')}`);
        }
        if (errors.length) problems.push(`${p}:\n  ${errors.join('\n  ')}`);
      }
      await page.close();
    };
    await Promise.all([worker(), worker()]);
    await context.close();
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  it('finds "round-robin" with the offline search and opens the result', async () => {
    const { page, errors } = await open('');
    const input = page.locator('input.navbar__search-input');
    await input.click();
    await input.fill('round-robin');
    // the design chapter's hit among the others (check and probe pages name round-robin too): the first
    // result depends on the index, so the test picks the chapter's option, as a reader would
    const hit = page
      .getByRole('option')
      .filter({ hasText: /round-robin/i })
      .filter({ hasText: /load balancing/i })
      .first();
    await hit.waitFor({ timeout: 15_000 });
    await hit.click();
    await page.waitForURL(/\/docs\/design\/load-balancing/, { timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('answers a quiz question with the keyboard and shows the explanation', async () => {
    const { page, errors } = await open('docs/design/load-balancing');
    const quiz = page.getByRole('region', { name: 'Check yourself' });
    await quiz.scrollIntoViewIfNeeded();
    const form = quiz.locator('form').first();
    // Focus the first radio (the right answer, "Round-robin"), select it with Space, tab to the button, press Enter.
    const first = form.getByRole('radio', { name: 'Round-robin' });
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Check answer');
    await page.keyboard.press('Enter');
    const status = form.getByRole('status');
    await expect.poll(() => status.textContent()).toContain('Correct.');
    expect(await status.textContent()).toContain('roundrobin is the default algorithm');
    // A wrong answer explains itself too, and names the right one.
    await form.getByRole('button', { name: 'Try again' }).click();
    await form.getByRole('radio', { name: 'HAProxy refuses to start' }).check();
    await form.getByRole('button', { name: 'Check answer' }).click();
    await expect.poll(() => status.textContent()).toContain('Not quite.');
    expect(await status.textContent()).toContain('A missing balance is valid');
    expect(await status.textContent()).toContain('The right answer: Round-robin');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('prefetches the chunks of the pages a docs page links to, each file once, none the page already loaded', async () => {
    // Docusaurus appends a <link rel=prefetch> per chunk of every route level a visible link matches, the shared
    // docs levels again for every link (378 links for 27 files on this page); src/clientModules/idlePrefetch.ts
    // asks for each file once, in idle time.
    const { page, errors } = await open('docs/getting-started');
    let count = -1;
    for (let i = 0; i < 40; i++) {
      await page.waitForTimeout(250);
      const now = await page.locator('link[rel=prefetch]').count();
      if (now > 0 && now === count) break;
      count = now;
    }
    const got = await page.evaluate(() => {
      const inView = (a: Element) => {
        const r = a.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
      };
      return {
        prefetched: Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=prefetch]')).map(
          (l) => new URL(l.href).pathname,
        ),
        scripts: Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).map(
          (s) => new URL(s.src).pathname,
        ),
        linked: [
          ...new Set(
            Array.from(document.querySelectorAll<HTMLAnchorElement>('.navbar a[href], .menu a[href]'))
              .filter((a) => inView(a) && a.origin === location.origin)
              .map((a) => new URL(a.href).pathname),
          ),
        ],
      };
    });
    expect(errors).toEqual([]);
    expect(got.prefetched.length).toBeGreaterThan(0);
    expect(new Set(got.prefetched).size, 'a file prefetched twice').toBe(got.prefetched.length);
    expect(got.linked.length).toBeGreaterThan(3);
    // every linked page's own chunks (its server HTML names them as <script defer>) are prefetched or loaded
    const missing: string[] = [];
    for (const path of got.linked) {
      const html = await (await page.request.get(new URL(path, site.origin).href)).text();
      for (const m of html.matchAll(/<script src=["']?([^"' >]+)/g))
        if (!got.prefetched.includes(m[1]!) && !got.scripts.includes(m[1]!)) missing.push(`${path}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
    await page.close();
  });

  it('a first visit runs neither Prism nor Mermaid: code and diagrams come highlighted from the server; dark mode and navigation still work', async () => {
    // Prism's core (prism-react-renderer) defines `languages.DFS`; Mermaid's library chunk has `mermaidAPI`.
    const js = readdirSync(join(out, 'assets/js')).filter((f) => f.endsWith('.js'));
    const chunkWith = (re: RegExp) => js.filter((f) => re.test(readFileSync(join(out, 'assets/js', f), 'utf8')));
    const prism = chunkWith(/\bDFS:function\b/);
    const mermaid = chunkWith(/\bmermaidAPI\b/);
    expect(mermaid.length, 'no Mermaid chunk found').toBeGreaterThan(0);
    expect(prism.length, 'no Prism chunk found').toBeGreaterThan(0);
    expect(prism.some((f) => f.startsWith('main.'))).toBe(false);
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => fetched.push(r.url().split('/').pop()!));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(site.origin + 'docs/design/overview');
    await page.waitForSelector('html[data-has-hydrated="true"]');
    await page.waitForTimeout(500);
    expect(
      fetched.filter((f) => prism.includes(f) || mermaid.includes(f)),
      'Prism or Mermaid loaded on a first visit',
    ).toEqual([]);
    const tokens = () => page.evaluate(() => document.querySelectorAll('pre .token').length);
    expect(await tokens()).toBeGreaterThan(20);
    expect(await page.locator('.wil-mermaid-static[role="img"]').count()).toBe(
      mermaidPages().get('docs/design/overview'),
    );
    // Client-side navigation to another page with code: Prism is loaded then, and highlights it.
    await page.locator('a[href$="/docs/getting-started"]').first().click();
    await page.waitForURL(/\/docs\/getting-started$/);
    await expect.poll(tokens, { timeout: 15_000 }).toBeGreaterThan(20);
    expect(fetched.some((f) => prism.includes(f))).toBe(true);
    await context.close();
    // A dark-mode visitor: the server HTML has the light colours; the dark ones arrive with Prism, and the dark diagram shows.
    const dark = await browser.newContext({ colorScheme: 'dark' });
    const dp = await dark.newPage();
    dp.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await dp.goto(site.origin + 'docs/design/overview');
    await dp.waitForSelector('html[data-has-hydrated="true"]');
    const background = () => dp.evaluate(() => getComputedStyle(document.querySelector('pre')!).backgroundColor);
    const light = 'rgb(246, 248, 250)'; // prism-react-renderer's github theme
    await expect.poll(background, { timeout: 15_000 }).not.toBe(light);
    expect(await dp.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const shown = await dp.evaluate(() =>
      Array.from(document.querySelectorAll('.wil-mermaid-static svg'))
        .filter((s) => s.getBoundingClientRect().width > 0)
        .map((s) => s.id),
    );
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) expect(id).toMatch(/-dark$/);
    await dark.close();
    expect(errors).toEqual([]);
  }, 90_000);

  describe('the playground', () => {
    /** The statuses and findings the playground shows (its testing contract: data-check-id, data-status, data-message-id...). */
    async function shown(page: Page): Promise<Verdicts> {
      return page.$$eval('section[aria-label="Report"] li[data-check-id]', (rows) =>
        Object.fromEntries(
          rows
            .filter((r) => !(r.getAttribute('data-check-id') ?? '').startsWith('live/'))
            .map((r) => [
              r.getAttribute('data-check-id')!,
              {
                status: r.getAttribute('data-status')!,
                findings: Array.from(r.querySelectorAll('li[data-message-id]'))
                  .map(
                    (f) =>
                      `${f.getAttribute('data-message-id')} ${f.getAttribute('data-file')}:${f.getAttribute('data-line')}`,
                  )
                  .sort(),
              },
            ]),
        ),
      );
    }

    async function checked(page: Page, after = 0): Promise<void> {
      await page.waitForFunction(
        (n) =>
          Number(document.documentElement.dataset.wilChecked ?? 0) > n &&
          document.querySelector('[data-busy="false"]') !== null,
        after,
        { timeout: 30_000 },
      );
    }

    it('shows the same statuses and findings as check-lab --no-real-tools, for every bundled answer and every field-corpus file', async () => {
      const list = await answers();
      expect(list.length).toBeGreaterThanOrEqual(20);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const mismatches: string[] = [];
      for (const a of list) {
        await page.goto('about:blank');
        await page.goto(`${site.origin}playground${shareHash(a)}`);
        await checked(page);
        const browserSays = await shown(page);
        const cliSays = await cliVerdicts(a);
        for (const id of new Set([...Object.keys(cliSays), ...Object.keys(browserSays)])) {
          const x = JSON.stringify(cliSays[id]);
          const y = JSON.stringify(browserSays[id]);
          if (x !== y) mismatches.push(`${a.name} ${id}: check-lab ${x}, browser ${y}`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(errors).toEqual([]);
      // offline: nothing but the site itself was asked for
      expect(
        requests.filter(
          (u) => !u.startsWith(site.origin) && !u.startsWith('blob:') && !u.startsWith('data:') && u !== 'about:blank',
        ),
      ).toEqual([]);
      await page.close();
    }, 300_000);

    it('a shared link restores the same files and findings in a fresh browser profile', async () => {
      const a = (await answers()).find((x) => x.name === 'broken/add-header-dropped')!;
      const first = await browser.newContext();
      const page = await first.newPage();
      await page.goto(`${site.origin}playground${shareHash(a)}`);
      await checked(page);
      // edit a file, then share: the link must carry the edit
      await page.locator('button[data-file="web-02/default"]').click();
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      const n = Number(await page.evaluate(() => document.documentElement.dataset.wilChecked));
      await page.keyboard.type('\n# an edit\n');
      await checked(page, n);
      const before = await shown(page);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.waitForFunction(() => window.location.hash.startsWith('#s='));
      const url = page.url();
      await first.close();
      const fresh = await browser.newContext();
      const again = await fresh.newPage();
      await again.goto(url);
      await checked(again);
      expect(await shown(again)).toEqual(before);
      await again.locator('button[data-file="web-02/default"]').click();
      expect(await again.locator('.cm-content').textContent()).toContain('# an edit');
      await fresh.close();
    }, 60_000);

    it('a check page\'s "try it" opens its Incorrect example with the check\'s finding showing', async () => {
      const { page, errors } = await open('docs/checks/haproxy/active-active');
      await page.getByRole('link', { name: 'Try it in your browser' }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/playground'));
      await checked(page);
      const row = page.locator('li[data-check-id="haproxy/active-active"]');
      expect(await row.getAttribute('data-status')).toBe('fail');
      expect(await row.locator('li[data-message-id]').count()).toBeGreaterThan(0);
      // the finding is a marker in the editor too
      expect(await page.locator('.cm-lintRange-error, .cm-lint-marker-error').count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  });

  it("reaches a check's page from its lab page by clicking", async () => {
    const lab = data.labs[0]!;
    const target = lab.checks.find((c) => !c.hidden)!;
    const meta = checks.find((c) => c.meta.id === target.id)!.meta;
    const { page, errors } = await open(`docs/labs/${lab.id}`);
    await page.locator('table').getByRole('link', { name: meta.title, exact: true }).first().click();
    await page.waitForURL((u) => u.pathname === `${BASE}${docsPath(meta.id).slice(1)}`, { timeout: 15_000 });
    await page.locator(`[data-check-id="${meta.id}"]`).waitFor();
    expect(await page.locator('h1').first().textContent()).toBe(meta.id);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
