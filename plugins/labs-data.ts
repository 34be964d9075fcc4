/**
 * Local Docusaurus plugin: reads the check catalogue and the lab specs (the same data the CLI uses)
 * on the Node side at build time and hands them to the site's components as global data:
 * `usePluginData('labs-data')` -> {labs, checks}. Prose stays hand-written in docs/; requirement
 * lists, severities, points and messages come from here, so the site cannot drift from the checker.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

/** A check as the site shows it: its catalogue metadata, whether it is instructor-only, and its page. */
export interface SiteCheck extends Omit<CheckMetaLike, 'hidden'> {
  hidden: boolean;
  docsPath: string;
}

export interface SiteLabCheck {
  id: string;
  points: number;
  required: boolean;
  hidden: boolean;
  /** The check's options as this lab sets them. */
  options?: Record<string, unknown>;
}

export interface SiteLab {
  id: string;
  title: string;
  summary: string;
  hosts: Array<{ name: string; role: string; address: string }>;
  checks: SiteLabCheck[];
}

export interface LabsData {
  labs: SiteLab[];
  checks: SiteCheck[];
}

export interface CheckMetaLike {
  id: string;
  title: string;
  component: string;
  severity: 'error' | 'warning' | 'info';
  points: number;
  messages: Record<string, string>;
  hint: string;
  kind: 'static' | 'live';
  hidden?: boolean;
  options?: Record<string, { type: string; description: string; default?: unknown }>;
}

/**
 * Reads the catalogue and the specs from the project root. Docusaurus loads this plugin with jiti, which
 * also transpiles the TypeScript modules required here; the site's tests load it the same way.
 */
export function readLabsData(root: string): LabsData {
  const checksIndex = join(root, 'labs/core/checks/index.ts');
  const specsModule = join(root, 'labs/node/specs.ts');
  const typesModule = join(root, 'labs/core/checks/types.ts');
  if (!existsSync(checksIndex) || !existsSync(specsModule)) {
    throw new Error(
      `labs-data: the check catalogue (${checksIndex}) or the lab specs module (${specsModule}) is missing; ` +
        'the site is generated from them.',
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checks } = require(checksIndex) as { checks: Array<{ meta: CheckMetaLike }> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { docsPath } = require(typesModule) as { docsPath: (id: string) => string };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const specs = require(specsModule) as {
    listLabs: () => string[];
    loadLab: (id: string) => {
      id: string;
      title: string;
      summary: string;
      hosts: Array<{ name: string; role: string; address: string }>;
      checks: Array<{
        id: string;
        points: number;
        required: boolean;
        hidden: boolean;
        options?: Record<string, unknown>;
      }>;
    };
  };

  // the labs first: a lab's plug-in registers its own checks into the catalogue as it loads
  const labs: SiteLab[] = specs
    .listLabs()
    .map((id) => specs.loadLab(id))
    .map((lab) => ({
      id: lab.id,
      title: lab.title,
      summary: lab.summary,
      hosts: lab.hosts.map((h) => ({ name: h.name, role: h.role, address: h.address })),
      checks: lab.checks.map((c) => ({
        id: c.id,
        points: c.points,
        required: c.required,
        hidden: c.hidden,
        ...(c.options ? { options: c.options } : {}),
      })),
    }));

  const siteChecks: SiteCheck[] = checks
    .map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      component: meta.component,
      severity: meta.severity,
      points: meta.points,
      messages: { ...meta.messages },
      hint: meta.hint,
      kind: meta.kind,
      hidden: meta.hidden === true,
      ...(meta.options ? { options: meta.options } : {}),
      docsPath: docsPath(meta.id),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

  return { labs, checks: siteChecks };
}

/** What the playground route loads (and only it): each lab's full spec and example answers, the check pages' examples. */
export interface PlaygroundData {
  labs: Array<{
    id: string;
    title: string;
    /** The validated lab spec, as the checker uses it. */
    spec: unknown;
    /** The answer's files, host by host, in the order the editor shows them. */
    layout: string[];
    starter: Record<string, string>;
  }>;
}

/** Lab id -> its reference solution's files; loaded when asked for (the Solution button, "try it"). */
export type PlaygroundSolutions = Record<string, Record<string, string>>;

/** Check id -> its page's examples (placed in a lab's solution by src/playground/examples.ts); loaded for "try it" only. */
export type PlaygroundExamples = Record<
  string,
  Array<{ kind: 'incorrect' | 'correct'; lang: string; meta: string; body: string; line: number }>
>;

function readFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walkDir = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walkDir(p);
      else if (!/^(README\.md|variant\.yaml)$/.test(name))
        out[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walkDir(dir);
  return out;
}

export function readPlaygroundData(
  root: string,
): PlaygroundData & { examples: PlaygroundExamples; solutions: PlaygroundSolutions } {
  const solutions: PlaygroundSolutions = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const specs = require(join(root, 'labs/node/specs.ts')) as {
    listLabs: () => string[];
    labDir: (id: string) => string;
    loadLab: (id: string) => { id: string; title: string; file?: string; plugins?: string[] };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pageExamples } = require(
    join(root, 'src/playground/examples.ts'),
  ) as typeof import('../src/playground/examples');
  // a lab with plug-ins is not offered: its own checks run in Node, not in the browser bundle
  const labs = specs
    .listLabs()
    .filter((id) => !specs.loadLab(id).plugins?.length)
    .map((id) => {
      const { file: _file, ...spec } = specs.loadLab(id);
      void _file;
      const solution = readFolder(join(specs.labDir(id), 'solution'));
      const starter = readFolder(join(specs.labDir(id), 'examples/starter'));
      const layout = [...new Set([...Object.keys(solution), ...Object.keys(starter)])].sort((a, b) =>
        a.includes('/') === b.includes('/') ? a.localeCompare(b) : a.includes('/') ? -1 : 1,
      );
      solutions[id] = solution;
      return { id, title: spec.title, spec, layout, starter };
    });
  const examples: PlaygroundExamples = {};
  const checksDir = join(root, 'docs/checks');
  const walkDocs = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walkDocs(p);
      else if (/\.mdx?$/.test(name)) {
        const id = relative(checksDir, p)
          .split('\\')
          .join('/')
          .replace(/\.mdx?$/, '');
        const ex = pageExamples(readFileSync(p, 'utf8'));
        if (ex.length) examples[id] = ex;
      }
    }
  };
  if (existsSync(checksDir)) walkDocs(checksDir);
  return { labs, examples, solutions };
}

export default function labsDataPlugin(context: LoadContext): Plugin<LabsData> {
  const root = join(context.siteDir);
  return {
    name: 'labs-data',
    async loadContent() {
      return readLabsData(root);
    },
    async contentLoaded({ content, actions }) {
      // Not global data (which main.js carries to every page, the playground included): a module the
      // components that show it import (src/data/labsData.ts), so it travels in their chunks only.
      await actions.createData('labs.json', JSON.stringify(content));
      // The playground: its data is a module of its own route, so no other page loads it.
      const { examples, solutions, ...pg } = readPlaygroundData(root);
      const data = await actions.createData('playground.json', JSON.stringify(pg));
      await actions.createData('playground-examples.json', JSON.stringify(examples));
      await actions.createData('playground-solutions.json', JSON.stringify(solutions));
      actions.addRoute({
        path: `${context.baseUrl}playground`,
        component: '@site/src/playground/PlaygroundPage',
        modules: { data },
        exact: true,
      });
    },
    getPathsToWatch() {
      return [join(root, 'labs/core/checks/**/*.ts'), join(root, 'labs/specs/**/*'), join(root, 'docs/checks/**/*')];
    },
  };
}
