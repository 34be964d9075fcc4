/**
 * Docusaurus prefetches the chunks of every internal link as soon as the link scrolls into view. On a docs page
 * that is the navbar, the whole sidebar and the footer at once: one IntersectionObserver callback per link, all
 * in the same task, each matching the route table and appending a <link rel=prefetch>. That task lands right
 * after hydration and blocks the main thread (Lighthouse TBT). Here the same prefetches are queued and run in
 * idle periods, a few at a time, so nothing is lost (chunks are still prefetched before the user clicks, and
 * hover/touch still preloads immediately through `window.docusaurus.preload`).
 *
 * `window.docusaurus` is assigned (frozen) by Docusaurus' client entry after the client modules are evaluated,
 * so the assignment is intercepted with an accessor and a wrapped copy is exposed instead.
 */
type DocusaurusApi = {
  prefetch: (routePath: string) => false | Promise<void[]>;
  preload: (routePath: string) => false | Promise<void[]>;
};
type IdleDeadlineLike = { timeRemaining(): number; didTimeout: boolean };

/** The most prefetching work done in one idle callback. */
const IDLE_SLICE_MS = 4;

function onIdle(cb: (d: IdleDeadlineLike) => void): void {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(cb, { timeout: 4000 });
  else setTimeout(() => cb({ timeRemaining: () => 8, didTimeout: true }), 300);
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
      const queue: string[] = [];
      let scheduled = false;
      const drain = (deadline: IdleDeadlineLike): void => {
        // At least one per idle callback (so a busy page still makes progress), more while idle time remains,
        // but never more than a few milliseconds in one go: an idle period can last 50 ms, and one prefetch
        // (route lookup plus a <link> per chunk) costs a millisecond or more on a slow phone, so filling the whole
        // period would make a long task of its own right when the reader starts to interact.
        const started = performance.now();
        do real.prefetch(queue.shift()!);
        while (queue.length > 0 && deadline.timeRemaining() > 4 && performance.now() - started < IDLE_SLICE_MS);
        if (queue.length > 0) onIdle(drain);
        else scheduled = false;
      };
      api = Object.freeze({
        ...real,
        prefetch(routePath: string) {
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
