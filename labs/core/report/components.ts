/**
 * How reports name and order the components when the lab does not (its spec's `components:` does,
 * naming its own hosts): the CLI's pretty output and the playground show the same.
 */
export const COMPONENT_TITLES: Record<string, string> = {
  submission: 'Your submission',
  haproxy: 'HAProxy load balancer',
  nginx: 'Nginx web servers',
  app: 'Application server',
  mysql: 'MySQL primary-replica',
  design: 'Design answers (answers.yaml)',
  live: 'Live topology (your configs, running)',
  firewall: 'Firewalls',
  tls: 'HTTPS',
  monitoring: 'Monitoring',
  keepalived: 'Load-balancer pair (keepalived)',
};

const ORDER = [
  'submission',
  'haproxy',
  'nginx',
  'app',
  'mysql',
  'design',
  'firewall',
  'tls',
  'monitoring',
  'keepalived',
  'live',
];

/** Sorts component ids in report order; unknown ones last, by name. */
export function compareComponents(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b);
}

/** A component's title: the lab's (its spec's `components:`), else the default, else its id. */
export function componentTitle(comp: string, lab?: Record<string, string>): string {
  return lab?.[comp] ?? COMPONENT_TITLES[comp] ?? comp;
}

/** Report order: the lab's components in its order first, then the default order. */
export function componentComparator(lab?: Record<string, string>): (a: string, b: string) => number {
  const own = Object.keys(lab ?? {});
  const rank = (c: string) => (own.includes(c) ? own.indexOf(c) : own.length);
  return (a, b) => rank(a) - rank(b) || compareComponents(a, b);
}
