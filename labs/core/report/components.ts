/** How reports name and order the components: the CLI's pretty output and the playground show the same. */
export const COMPONENT_TITLES: Record<string, string> = {
  submission: 'Your submission',
  haproxy: 'HAProxy load balancer (lb-01)',
  nginx: 'Nginx web servers (web-01, web-02)',
  app: 'Application server (app-01)',
  mysql: 'MySQL primary-replica',
  design: 'Design answers (answers.yaml)',
  live: 'Live topology (your configs, running)',
  firewall: 'Firewalls',
  tls: 'HTTPS',
  monitoring: 'Monitoring',
  keepalived: 'Load-balancer pair (keepalived)',
};

const ORDER = ['submission', 'haproxy', 'nginx', 'app', 'mysql', 'design', 'firewall', 'tls', 'monitoring', 'keepalived', 'live'];

/** Sorts component ids in report order; unknown ones last, by name. */
export function compareComponents(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b);
}
