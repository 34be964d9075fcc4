/**
 * Docusaurus prefetches the chunks of every internal link as soon as the link scrolls into view. On a docs page
 * that is the navbar, the whole sidebar and the footer at once: one IntersectionObserver callback per link, all
 * in the same task, each matching the route table and appending a <link rel=prefetch>. That task lands right
 * after hydration and blocks the main thread (Lighthouse TBT). Here the same prefetches are queued and run in
 * idle periods, a few at a time, so nothing is lost (chunks are still prefetched before the user clicks, and
 * hover/touch still preloads immediately through `window.docusaurus.preload`).
 *
 * Each prefetch also appends one <link> per chunk of every route level it matches, and the levels above a doc
 * (the docs plugin's layout, its version, its sidebar) are the same for every doc: a docs page with 24 links
 * appended 378 <link rel=prefetch> for 27 chunks, each append costing a millisecond or more. So the prefetch
 * itself is done here as Docusaurus does it (the same route table, chunk names and `__webpack_require__.gca`),
 * but each chunk is asked for once, and never one the page already loaded as a script.
 *
 * `window.docusaurus` is assigned (frozen) by Docusaurus' client entry after the client modules are evaluated,
 * so the assignment is intercepted with an accessor and a wrapped copy is exposed instead.
 */
import { matchPath } from '@docusaurus/router';
import routes from '@generated/routes';
import routesChunkNames from '@generated/routesChunkNames';

type DocusaurusApi = {
  prefetch: (routePath: string) => false | Promise<void[]>;
  preload: (routePath: string) => false | Promise<void[]>;
};
type IdleDeadlineLike = { timeRemaining(): number; didTimeout: boolean };
type Route = { path: string; exact?: boolean; strict?: boolean; routes?: Route[] };

/** Injected by Docusaurus' ChunkAssetPlugin: a chunk name -> its file's URL. */
declare const __webpack_require__: { gca?: (chunkName: string) => string | undefined };

/** The most prefetching work done in one idle callback. */
const IDLE_SLICE_MS = 4;

function onIdle(cb: (d: IdleDeadlineLike) => void): void {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(cb, { timeout: 4000 });
  else setTimeout(() => cb({ timeRemaining: () => 8, didTimeout: true }), 300);
}

/** react-router-config's matchRoutes: the first matching route at each level. */
function matchBranch(list: readonly Route[], pathname: string, out: Route[] = []): Route[] {
  for (const route of list)
    if (matchPath(pathname, route)) {
      out.push(route);
      if (route.routes) matchBranch(route.routes, pathname, out);
      break;
    }
  return out;
}

function leaves(v: unknown): string[] {
  return typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(leaves) : [];
}

/** Route path -> the chunk names of its component and props (Docusaurus keys them `path-hash`). */
let chunksByPath: Map<string, string[]> | undefined;
function chunkNamesOf(path: string): string[] {
  if (!chunksByPath) {
    chunksByPath = new Map();
    for (const [key, chunks] of Object.entries(routesChunkNames)) {
      const p = key.replace(/-[^-]+$/, '');
      chunksByPath.set(p, [...(chunksByPath.get(p) ?? []), ...leaves(chunks)]);
    }
  }
  return chunksByPath.get(path) ?? [];
}

function linkPrefetchSupported(): boolean {
  try {
    return document.createElement('link').relList.supports('prefetch');
  } catch {
    return false;
  }
}

/** Prefetches a route's chunks as Docusaurus does, each chunk file once; false when it cannot do it here. */
function makeDedupedPrefetch(): ((routePath: string) => void) | undefined {
  if (typeof __webpack_require__ === 'undefined' || typeof __webpack_require__.gca !== 'function') return undefined;
  if (!linkPrefetchSupported()) return undefined;
  const gca = __webpack_require__.gca;
  const asked = new Set<string>();
  const seen = (url: string) => {
    if (asked.size === 0)
      document
        .querySelectorAll<HTMLScriptElement>('script[src]')
        .forEach((s) => asked.add(new URL(s.src, location.href).pathname));
    const path = new URL(url, location.href).pathname;
    if (asked.has(path)) return true;
    asked.add(path);
    return false;
  };
  return (routePath) => {
    const head = document.head;
    for (const route of matchBranch(routes as unknown as Route[], routePath))
      for (const name of chunkNamesOf(route.path)) {
        const url = gca(name);
        // a chunk webpack merged into another has no file of its own
        if (!url || url.includes('undefined') || seen(url)) continue;
        const link = document.createElement('link');
        link.rel = 'prefetch';
        link.href = url;
        head.appendChild(link);
      }
  };
}

function install(): void {
  const w = window as unknown as { docusaurus?: DocusaurusApi };
  if (Object.getOwnPropertyDescriptor(w, 'docusaurus')?.get) return; // hot reload: already installed
  let api: DocusaurusApi | undefined = w.docusaurus;
  Object.defineProperty(w, 'docusaurus', {
    configurable: true,
    enumerable: true,
    get: () => api,
    set(real: DocusaurusApi) {
      const deduped = makeDedupedPrefetch();
      const queue: string[] = [];
      const queued = new Set<string>();
      let scheduled = false;
      const drain = (deadline: IdleDeadlineLike): void => {
        // At least one per idle callback (so a busy page still makes progress), more while idle time remains,
        // but never more than a few milliseconds in one go: an idle period can last 50 ms, and one prefetch
        // (route lookup plus a <link> per new chunk) costs a millisecond or more on a slow phone, so filling the
        // whole period would make a long task of its own right when the reader starts to interact.
        const started = performance.now();
        do {
          const path = queue.shift()!;
          if (deduped) deduped(path);
          else real.prefetch(path);
        } while (queue.length > 0 && deadline.timeRemaining() > 4 && performance.now() - started < IDLE_SLICE_MS);
        if (queue.length > 0) onIdle(drain);
        else scheduled = false;
      };
      api = Object.freeze({
        ...real,
        prefetch(routePath: string) {
          // Docusaurus' own checks: no prefetching on a slow or data-saving connection
          const conn = (navigator as { connection?: { effectiveType?: string; saveData?: boolean } }).connection;
          if (conn?.effectiveType?.includes('2g') || conn?.saveData) return false as const;
          if (queued.has(routePath)) return false as const;
          queued.add(routePath);
          queue.push(routePath);
          if (!scheduled) {
            scheduled = true;
            onIdle(drain);
          }
          return false as const;
        },
      });
    },
  });
}

if (typeof window !== 'undefined' && typeof document !== 'undefined') install();

export {};
