import type { Config, Plugin } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import { accessibleTheme } from './src/utils/prismContrast';
import path from 'node:path';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

// The public address is configurable so forks and course mirrors can deploy the same site:
// SITE_URL=https://example.org BASE_URL=/ npm run build
const url = process.env.SITE_URL || 'https://web-infra-lab.github.io';
const baseUrl = normaliseBase(process.env.BASE_URL || '/web-infra-lab/');

function normaliseBase(b: string): string {
  let s = b.trim();
  if (!s.startsWith('/')) s = '/' + s;
  if (!s.endsWith('/')) s += '/';
  return s;
}

/**
 * Each page's own route chunks as `<script defer>` in its HTML, before main.js. Docusaurus' HTML names only
 * runtime~main and main; main then asks for the route's chunks while it is evaluated (a <script> element and a
 * 120 s timer each, inside main's own long start-up task) and they arrive one network round trip later. Listed in
 * the HTML they download in parallel with main.js, each is evaluated in a small task of its own (it only registers
 * its modules), and main's route preload finds them installed. Same files, same bytes: only earlier.
 */
function routeChunkScripts(): Plugin {
  /** Chunk name (as in .docusaurus/routesChunkNames.json) -> the JS files of its chunk group. */
  let groups: Record<string, string[]> = {};
  type Route = { path: string; key?: string; exact?: boolean; routes?: Route[] };
  /** The first matching route at each level, as react-router-config's matchRoutes (a Switch per level). */
  const branch = (routes: Route[], loc: string): Route[] => {
    for (const r of routes) {
      if (r.path === '*') continue;
      const p = r.path.replace(/\/+$/, '');
      const l = loc.replace(/\/+$/, '');
      if (r.exact ? l === p : l === p || l.startsWith(`${p}/`)) return [r, ...branch(r.routes ?? [], loc)];
    }
    return [];
  };
  const leaves = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(leaves) : [];
  return {
    name: 'wil-route-chunk-scripts',
    configureWebpack: (_config, isServer) =>
      isServer
        ? {}
        : {
            plugins: [
              {
                apply(compiler: {
                  hooks: {
                    done: {
                      tap(
                        name: string,
                        fn: (stats: {
                          toJson(o: object): {
                            namedChunkGroups?: Record<string, { assets?: Array<string | { name: string }> }>;
                          };
                        }) => void,
                      ): void;
                    };
                  };
                }) {
                  compiler.hooks.done.tap('wil-route-chunk-scripts', (stats) => {
                    const named = stats.toJson({ all: false, chunkGroups: true }).namedChunkGroups ?? {};
                    groups = Object.fromEntries(
                      Object.entries(named).map(([name, g]) => [
                        name,
                        (g.assets ?? [])
                          .map((a) => (typeof a === 'string' ? a : a.name))
                          .filter((f) => f.endsWith('.js')),
                      ]),
                    );
                  });
                },
              },
            ],
          },
    async postBuild({ outDir, generatedFilesDir, baseUrl }) {
      const chunkNames = JSON.parse(
        readFileSync(path.join(generatedFilesDir, 'routesChunkNames.json'), 'utf8'),
      ) as Record<string, unknown>;
      // .docusaurus/routes.js: nested { path, component: ComponentCreator(path, hash), exact, routes } literals
      const source = readFileSync(path.join(generatedFilesDir, 'routes.js'), 'utf8')
        .replace(/^import .*$/gm, '')
        .replace(/component: ComponentCreator\(('[^']*')(?:, '([^']*)')?\)/g, (_m, p: string, h?: string) =>
          h ? `key: ${p} + '-${h}'` : `key: ''`,
        )
        .replace('export default', 'return');
      const routes = new Function(source)() as Route[];
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.html') ? [path.join(dir, e.name)] : [],
        );
      for (const file of walk(outDir)) {
        const rel = path.relative(outDir, file).split(path.sep).join('/');
        const loc = baseUrl + rel.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '');
        const matched = branch(routes, loc);
        if (matched.length === 0) continue;
        const files = [
          ...new Set(matched.flatMap((r) => leaves(chunkNames[r.key ?? ''])).flatMap((n) => groups[n] ?? [])),
        ];
        const html = readFileSync(file, 'utf8');
        const at = html.search(/<script src=["']?[^"' >]*runtime~main/);
        if (files.length === 0 || at < 0) continue;
        const tags = files
          .filter((f) => !html.includes(f))
          .map((f) => `<script src=${baseUrl}${f} defer></script>`)
          .join('');
        writeFileSync(file, html.slice(0, at) + tags + html.slice(at));
      }
    },
  };
}

const config: Config = {
  title: 'web-infra-lab',
  tagline: 'Build, break and fix a distributed web stack: HAProxy, Nginx and MySQL replication, checked line by line.',
  favicon: 'img/logo.svg',
  url,
  baseUrl,
  organizationName: 'web-infra-lab',
  projectName: 'web-infra-lab',
  trailingSlash: false,

  future: { v4: true, faster: true },

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: {
    mermaid: true,
    format: 'detect',
    hooks: { onBrokenMarkdownLinks: 'throw', onBrokenMarkdownImages: 'throw' },
  },

  i18n: { defaultLocale: 'en', locales: ['en'] },

  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: './sidebars.ts',
          routeBasePath: 'docs',
          editUrl: undefined,
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
        sitemap: { changefreq: 'weekly', priority: 0.5 },
      } satisfies Preset.Options,
    ],
  ],

  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/docs',
        language: ['en'],
        highlightSearchTermsOnTargetPage: false,
        searchResultLimits: 8,
      },
    ],
  ],

  plugins: [
    './plugins/labs-data.ts',
    './plugins/native-css-layers.ts',
    routeChunkScripts,
    // Modules that differ between the server build (everything synchronous, so the server HTML is complete) and
    // the browser build (loaded on demand, never in main.js):
    // - pre-rendered Mermaid diagrams (npm run gen:diagrams; src/theme/Mermaid): one lazy chunk per diagram;
    // - Prism (src/prism, src/theme/CodeBlock/Content): code blocks hydrate from the server's highlighted
    //   markup, so the theme's client module that puts Prism and its grammars in main.js is dropped.
    (): Plugin => ({
      name: 'wil-server-client-modules',
      configureWebpack: (_config, isServer, utils) => ({
        resolve: {
          alias: {
            '@wil/prerendered-diagrams$': path.join(
              __dirname,
              'src/diagrams/generated',
              isServer ? 'server.ts' : 'index.ts',
            ),
            '@wil/prism$': path.join(__dirname, 'src/prism', isServer ? 'server.ts' : 'client.ts'),
          },
        },
        plugins: isServer
          ? []
          : [
              new utils.currentBundler.instance.NormalModuleReplacementPlugin(
                /@docusaurus[\\/]theme-classic[\\/]lib[\\/]prism-include-languages(\.js)?$/,
                path.join(__dirname, 'src/prism/noClientModule.ts'),
              ),
              // the playground's worker: a lab's checks load when it checks that lab (labs/core/checks/index.browser.ts)
              new utils.currentBundler.instance.NormalModuleReplacementPlugin(
                /(^|[\\/])checks[\\/]index(\.ts)?$/,
                path.join(__dirname, 'labs/core/checks/index.browser.ts'),
              ),
              // and the shell interpreter when an answer holds a script (labs/core/model/script-support.browser.ts)
              new utils.currentBundler.instance.NormalModuleReplacementPlugin(
                /(^|[\\/])script-support(\.ts)?$/,
                path.join(__dirname, 'labs/core/model/script-support.browser.ts'),
              ),
            ],
      }),
    }),
  ],

  // Viewport link prefetching runs in idle time instead of one long task after hydration (see the module).
  clientModules: ['./src/clientModules/idlePrefetch.ts'],

  themeConfig: {
    image: 'img/logo.svg',
    colorMode: { defaultMode: 'light', respectPrefersColorScheme: true },
    docs: { sidebar: { hideable: true } },
    navbar: {
      title: 'web-infra-lab',
      logo: { alt: '', src: 'img/logo.svg', width: 32, height: 32 },
      items: [
        { type: 'docSidebar', sidebarId: 'course', position: 'left', label: 'Course' },
        { to: '/docs/getting-started', label: 'Getting started', position: 'left' },
        { to: '/docs/labs/distributed-web', label: 'Lab', position: 'left' },
        { to: '/docs/qa', label: 'Q&A', position: 'left' },
        { to: '/docs/instructors', label: 'Instructors', position: 'left' },
        { href: 'https://github.com/web-infra-lab/web-infra-lab', label: 'GitHub', position: 'right' },
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'Course',
          items: [
            { label: 'The design', to: '/docs/design/overview' },
            { label: 'Issues and fixes', to: '/docs/issues/single-points-of-failure' },
            { label: 'Q&A', to: '/docs/qa' },
          ],
        },
        {
          title: 'Labs',
          items: [
            { label: 'Getting started', to: '/docs/getting-started' },
            { label: 'Lab: distributed-web', to: '/docs/labs/distributed-web' },
            { label: 'Check reference', to: '/docs/checks' },
          ],
        },
        {
          title: 'Teach',
          items: [{ label: 'For instructors', to: '/docs/instructors' }],
        },
      ],
      copyright: `web-infra-lab, MIT licence. Built with Docusaurus.`,
    },
    prism: {
      theme: accessibleTheme(prismThemes.github),
      darkTheme: accessibleTheme(prismThemes.dracula),
      // Only what prism-react-renderer does not bundle (it already has sql, yaml, json, markdown...): every
      // extra grammar is evaluated in the main bundle on every page load. No page uses systemd.
      additionalLanguages: ['nginx', 'ini', 'bash'],
    },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
  } satisfies Preset.ThemeConfig,
};

export default config;
