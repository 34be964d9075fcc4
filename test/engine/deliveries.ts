/**
 * The forms real learners deliver a configuration in (test/engine/same-verdicts.test.ts and its real-tools
 * twin, test/checks/same-verdicts-tools.test.ts): each turns a file's text and its path on the server into
 * the file the learner submits in the same host folder.
 */
import type { CheckResult } from '../../labs/core/report/types';
/** Where each configuration of the solutions lives on its server (by file name). */
export const INSTALLED: Record<string, string> = {
  'haproxy.cfg': '/etc/haproxy/haproxy.cfg',
  'keepalived.conf': '/etc/keepalived/keepalived.conf',
  default: '/etc/nginx/sites-available/default',
  '50-server.cnf': '/etc/mysql/mariadb.conf.d/50-server.cnf',
  'prometheus.yml': '/etc/prometheus/prometheus.yml',
  'alerts.yml': '/etc/prometheus/alerts.yml',
  'app.service': '/etc/systemd/system/app.service',
};

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const body = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);
const lines = (t: string) => body(t).slice(0, -1).split('\n');

/**
 * A script that installs MariaDB and edits the package's 50-server.cnf into the given [mysqld] options: `sed -i`
 * where the stock file has the option (set or commented out, written as the stock file writes it), `tee -a`
 * otherwise.
 */
function stockEdits(t: string, p: string): string {
  const stock = ['pid-file', 'basedir', 'bind-address', 'server-id', 'log_bin', 'expire_logs_days', 'max_binlog_size'];
  const out = ['#!/bin/bash', 'set -e', 'sudo apt-get install -y mariadb-server', `CNF=${p}`];
  for (const l of lines(t)) {
    const m = /^\s*([A-Za-z0-9_-]+)\s*(?:=\s*(.*?))?\s*$/.exec(l);
    if (!m || l.trim().startsWith('[')) continue;
    const [, key, value] = m;
    const line = value === undefined ? key! : `${key} = ${value}`;
    if (stock.includes(key!)) out.push(`sudo sed -i "s|^#\\?${key}\\s*=.*|${line}|" "$CNF"`);
    else out.push(`echo ${sq(line)} | sudo tee -a "$CNF" > /dev/null`);
  }
  out.push('sudo systemctl restart mariadb');
  return `${out.join('\n')}\n`;
}

/** A delivery: the file name it is saved under (in the same host folder) and its text. */
export type Delivery = (text: string, path: string) => { name: string; text: string };

export const DELIVERIES: Record<string, Delivery> = {
  'quoted heredoc through sudo tee': (t, p) => ({
    name: '0-setup.sh',
    text: `#!/usr/bin/env bash\nsudo apt-get update\nsudo tee ${p} > /dev/null <<'EOF'\n${body(t)}EOF\n`,
  }),
  'unquoted heredoc, $ and backquotes escaped': (t, p) => ({
    name: '1-install',
    text: `#!/bin/bash\ncat <<EOF | sudo tee ${p}\n${body(t).replace(/[\\$`]/g, (c) => `\\${c}`)}EOF\n`,
  }),
  'unquoted heredoc, $hostname written as $(hostname)': (t, p) => ({
    name: '2-setup',
    text: `#!/bin/bash\nsudo tee ${p} <<EOF\n${body(t)
      .replace(/[\\$`]/g, (c) => `\\${c}`)
      .replace(/\\\$hostname\b/g, '$(hostname)')}EOF\n`,
  }),
  'sudo su <<EOF block': (t, p) => ({
    name: 'setup',
    text: `#!/bin/bash\nsudo su <<'SCRIPT'\napt-get install -y something\ncat > ${p} <<'EOF'\n${body(t)}EOF\nSCRIPT\n`,
  }),
  'printf, one quoted argument per line': (t, p) => ({
    name: 'write-config.sh',
    text: `#!/usr/bin/env bash\nprintf '%s\\n' ${lines(t).map(sq).join(' \\\n  ')} | sudo tee ${p} >/dev/null\n`,
  }),
  'echo -e with \\n': (t, p) => ({
    name: 'config.sh',
    text: `#!/bin/bash\necho -e "${lines(t)
      .map((l) => l.replace(/\\/g, '\\\\\\\\').replace(/["$`]/g, (c) => `\\${c}`))
      .join('\\n')}" > ${p}\n`,
  }),
  'echo, one line at a time (>>)': (t, p) => ({
    name: 'lines.sh',
    text: `#!/bin/bash\n: > ${p}\n${lines(t)
      .map((l) => `echo ${sq(l)} >> ${p}`)
      .join('\n')}\n`,
  }),
  'a temporary file, then sudo mv': (t, p) => ({
    name: 'deploy.sh',
    text: `#!/bin/bash\nset -e\ncat > /tmp/new.conf <<'EOF'\n${body(t)}EOF\nsudo cp ${p} ${p}.bak || true\nsudo mv /tmp/new.conf ${p}\n`,
  }),
  'tab-indented <<-EOF': (t, p) => ({
    name: 'indented.sh',
    text: `#!/bin/bash\nif true; then\n\tcat > ${p} <<-'EOF'\n${lines(t)
      .map((l) => `\t${l}`)
      .join('\n')}\n\tEOF\nfi\n`,
  }),
  "sudo bash -c 'cat > file' <<EOF": (t, p) => ({
    name: 'sudo-bash.sh',
    text: `#!/bin/bash\nsudo bash -c 'cat > ${p}' <<'EOF'\n${body(t)}EOF\n`,
  }),
  'pasted from a terminal: prompt, cat, prompt': (t, p) => ({
    name: p.split('/').pop()!,
    text: `ubuntu@server:~$ cat ${p}\n${body(t)}ubuntu@server:~$ \n`,
  }),
  'in the folder of its server path (web-01/etc/nginx/...)': (t, p) => ({ name: p.slice(1), text: t }),
  // HAProxy: the whole answer appended to the package's own haproxy.cfg (its global and defaults stay above:
  // HAProxy merges global sections, and each proxy takes the last defaults before it)
  'apt-get install, then appended with tee -a': (t, p) =>
    /\/haproxy\.cfg$/.test(p)
      ? {
          name: '1-install_load_balancer',
          text: `#!/usr/bin/env bash\nsudo apt-get -y update\nsudo apt-get -y install haproxy\ncat <<'EOF' | sudo tee -a ${p}\n${body(t)}EOF\nsudo service haproxy restart\n`,
        }
      : { name: p.split('/').pop()!, text: t },
  // Nginx: a site of its own, enabled by a link, the package's default site removed
  'a site of its own in sites-available, linked, default removed': (t, p) =>
    /\/sites-available\/default$/.test(p)
      ? {
          name: 'site.sh',
          text: `#!/bin/bash\nsudo apt-get install -y nginx\nsudo tee /etc/nginx/sites-available/mysite > /dev/null <<'EOF'\n${body(t)}EOF\nsudo ln -sf /etc/nginx/sites-available/mysite /etc/nginx/sites-enabled/\nsudo rm -f /etc/nginx/sites-enabled/default\nsudo nginx -t && sudo systemctl reload nginx\n`,
        }
      : { name: p.split('/').pop()!, text: t },
  // MariaDB: the package's own 50-server.cnf edited in place, as most answers do it: `sed -i` on each option the
  // stock file has (commented out or not), `tee -a` for the rest (they land in its last group, [mariadb-10.11],
  // which the 10.11 server reads)
  "the package's 50-server.cnf edited with sed -i and tee -a": (t, p) =>
    /\/50-server\.cnf$/.test(p)
      ? { name: 'setup_db.sh', text: stockEdits(t, p) }
      : { name: p.split('/').pop()!, text: t },
  // MariaDB: a file of its own read after the stock 50-server.cnf (60-..., later in mariadb.conf.d): its
  // options win over the package's (bind-address = 127.0.0.1 among them)
  'a file of its own after the stock one (60-replication.cnf)': (t, p) =>
    /\/50-server\.cnf$/.test(p)
      ? {
          name: 'install.sh',
          text: `#!/bin/bash\nsudo apt install -y mariadb-server\nsudo tee ${p.replace('50-server', '60-replication')} > /dev/null <<'EOF'\n${body(t)}EOF\nsudo systemctl restart mariadb\n`,
        }
      : { name: p.split('/').pop()!, text: t },
  'CRLF line ends': (t, p) => ({ name: p.split('/').pop()!, text: body(t).replace(/\n/g, '\r\n') }),
  'trailing blanks': (t, p) => ({
    name: p.split('/').pop()!,
    text: body(t)
      .split('\n')
      .map((l, i) => (i % 3 === 0 && l ? `${l}  \t` : l))
      .join('\n'),
  }),
  'no final newline': (t, p) => ({ name: p.split('/').pop()!, text: body(t).slice(0, -1) }),
};

/** Each check's status, with what its warnings and errors say when it did not pass: `fail (file:line message)`. */
export function statusOf(checks: ReadonlyArray<CheckResult>): Record<string, string> {
  return Object.fromEntries(
    checks.map((c) => [
      c.id,
      c.status === 'pass' || c.status === 'skip'
        ? c.status
        : `${c.status} (${c.findings
            .filter((f) => f.severity !== 'info')
            .map((f) => `${f.file}:${f.line} ${f.message}`)
            .join('; ')
            .slice(0, 400)})`,
    ]),
  );
}
