/**
 * The connections the secured design draws between its hosts: who must reach which host's port, and who must
 * not. One table for both sides of lab 2's firewall: the static checks (firewall/lb-ports, web-from-lb-only,
 * app-from-web-only, db-restricted) judge their cells against the ufw model, and live/firewall-matrix tries
 * every cell against the real ufw, so what the two expect cannot drift apart. A cell no static check judges
 * (`check` unset: the monitoring's scrapes, the exporters, the web servers kept from the database) is tried
 * live only.
 */

/** A host as the table needs it: its name and its spec role (`load-balancer`, `web`, `app`, `db-primary`, `db-replica`, `monitor`). */
export interface DesignHost {
  name: string;
  role: string;
}

export interface DesignCell {
  /** A host's name, or `internet`. */
  from: string;
  to: string;
  port: number;
  want: 'open' | 'closed';
  /** Why, for the message (`lb-01 sends every request there`). */
  reason: string;
  /** The static check that judges this cell, if one does. */
  check?: string;
}

export interface DesignPorts {
  lbPort: number;
  webPort: number;
  appPort: number;
  mysqlPort: number;
}

export const DEFAULT_PORTS: DesignPorts = { lbPort: 80, webPort: 80, appPort: 5000, mysqlPort: 3306 };

/** Ports a load balancer may listen on that the internet must not reach (metrics, exporters, databases, the app). */
export const LB_PRIVATE_PORTS = [8404, 8405, 9100, 3306, 5000];

export function designMatrix(hosts: ReadonlyArray<DesignHost>, ports: Partial<DesignPorts> = {}): DesignCell[] {
  const p = { ...DEFAULT_PORTS, ...ports };
  const of = (role: string): string[] => hosts.filter((h) => h.role === role).map((h) => h.name);
  const lbs = of('load-balancer');
  const webs = of('web');
  const apps = of('app');
  const primaries = of('db-primary');
  const replicas = of('db-replica');
  const monitors = of('monitor');
  const cells: DesignCell[] = [];
  const add = (from: string, to: string, port: number, want: DesignCell['want'], reason: string, check?: string) =>
    cells.push({ from, to, port, want, reason, ...(check ? { check } : {}) });

  for (const lb of lbs) {
    const c = 'firewall/lb-ports';
    add('internet', lb, p.lbPort, 'open', 'every visitor arrives there (and is redirected to HTTPS)', c);
    add('internet', lb, 443, 'open', 'HTTPS is the site', c);
    for (const port of LB_PRIVATE_PORTS)
      add(
        'internet',
        lb,
        port,
        'closed',
        `port ${port} is for the private network (metrics, exporters or services), not for the internet`,
        c,
      );
    for (const m of monitors) add(m, lb, 8405, 'open', "the monitoring scrapes HAProxy's metrics there");
  }
  for (const web of webs) {
    const c = 'firewall/web-from-lb-only';
    for (const lb of lbs) add(lb, web, p.webPort, 'open', `${lb} sends every request there`, c);
    add(
      'internet',
      web,
      p.webPort,
      'closed',
      `anyone could then reach ${web} around the load balancer (and its HTTPS)`,
      c,
    );
    add('internet', web, 9113, 'closed', 'the exporter is for the monitoring only');
  }
  for (const app of apps) {
    const c = 'firewall/app-from-web-only';
    for (const w of webs) add(w, app, p.appPort, 'open', `${w} proxies the application route there`, c);
    add('internet', app, p.appPort, 'closed', 'only the web servers talk to the application', c);
  }
  const world = 'a database open to the internet is scanned and attacked within hours';
  for (const db of primaries) {
    const c = 'firewall/db-restricted';
    for (const a of apps) add(a, db, p.mysqlPort, 'open', `${a} reads and writes there`, c);
    for (const r of replicas)
      add(r, db, p.mysqlPort, 'open', `${r} replicates from it (its replication thread connects to the primary)`, c);
    add('internet', db, p.mysqlPort, 'closed', world, c);
    if (webs[0]) add(webs[0], db, p.mysqlPort, 'closed', 'the web servers have no business with the database');
  }
  for (const db of replicas) {
    const c = 'firewall/db-restricted';
    for (const a of apps) add(a, db, p.mysqlPort, 'open', `${a} reads and writes there`, c);
    add('internet', db, p.mysqlPort, 'closed', world, c);
  }
  for (const m of monitors)
    for (const h of [...lbs, ...webs, ...apps, ...primaries, ...replicas])
      add(m, h, 9100, 'open', 'the monitoring scrapes the node exporter');
  return cells;
}
