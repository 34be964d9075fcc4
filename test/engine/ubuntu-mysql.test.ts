/**
 * MySQL on Ubuntu, configured as its package invites: `sed -i` on the shipped
 * /etc/mysql/mysql.conf.d/mysqld.cnf and lines appended to it (labs/core/parsers/shell/stock/other.ts). The
 * edits act on the shipped file, so the options land in its [mysqld] group, and what the learner left as shipped
 * (bind-address = 127.0.0.1) stays in force.
 */
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { reconstructScript } from '../../labs/core/parsers/shell/index';
import { OTHER_STOCK } from '../../labs/core/parsers/shell/stock/other';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { solutionFiles } from '../checks/checkTester';
import { statusOf } from './deliveries';

const CNF = '/etc/mysql/mysql.conf.d/mysqld.cnf';

const PRIMARY = `#!/usr/bin/env bash
# the primary: Ubuntu 22.04, MySQL 8.0
sudo apt-get install -y mysql-server
sudo sed -i 's/^bind-address.*/bind-address = 0.0.0.0/' ${CNF}
sudo sed -i 's/^# server-id.*/server-id = 1/' ${CNF}
sudo sed -i 's|^# log_bin.*|log_bin = /var/log/mysql/mysql-bin.log|' ${CNF}
echo "binlog_format = ROW" | sudo tee -a ${CNF}
sudo systemctl restart mysql
`;

const REPLICA = `#!/bin/bash
sudo sed -i "s/127.0.0.1/0.0.0.0/" ${CNF}
sudo sed -i "s/# server-id\\t\\t= 1/server-id = 2/" ${CNF}
echo 'relay_log = /var/log/mysql/mysql-relay-bin.log' | sudo tee -a ${CNF} > /dev/null
sudo sh -c "echo 'read_only = ON' >> ${CNF}"
sudo service mysql restart
`;

function mysqlVerdicts(files: Record<string, string>): Record<string, string> {
  const r = checkSubmission({
    tree: new MemoryTree(files),
    submission: 'x',
    lab: loadLab('distributed-web'),
    includeHidden: true,
    strict: true,
  });
  return statusOf(r.checks.filter((c) => c.id.startsWith('mysql/')));
}

const solution = solutionFiles('distributed-web');
const replace = (host: string, name: string, text: string): Record<string, string> => {
  const files = { ...solution };
  delete files[`${host}/50-server.cnf`];
  files[`${host}/${name}`] = text;
  return files;
};

describe("MySQL's own mysqld.cnf on Ubuntu, edited in place", () => {
  it('sed -i edits the shipped file and an appended line joins its [mysqld] group', () => {
    const f = reconstructScript('db-primary/setup.sh', PRIMARY).files.find((x) => x.target === CNF)!;
    const options = f.text.split('\n').filter((l) => /^[a-z]/.test(l));
    expect(f.text.indexOf('[mysqld]')).toBeLessThan(f.text.indexOf('server-id = 1'));
    expect(options).toEqual([
      'user\t\t= mysql',
      'bind-address = 0.0.0.0',
      'mysqlx-bind-address\t= 127.0.0.1',
      'key_buffer_size\t\t= 16M',
      'myisam-recover-options  = BACKUP',
      'log_error = /var/log/mysql/error.log',
      'server-id = 1',
      'log_bin = /var/log/mysql/mysql-bin.log',
      'max_binlog_size   = 100M',
      'binlog_format = ROW',
    ]);
    // the line a sed edited maps to the script line that edited it; the rest to the shipped file
    expect(f.origin![f.text.split('\n').indexOf('server-id = 1')]).toEqual({ file: 'db-primary/setup.sh', line: 5 });
    expect(f.origin![0]!.file).toBe(OTHER_STOCK[CNF]!.origin);
  });

  it('a primary and a replica configured this way get the verdicts of the plain solution', () => {
    const plain = mysqlVerdicts(solution);
    expect(Object.values(plain).every((s) => s === 'pass')).toBe(true);
    expect(mysqlVerdicts(replace('db-primary', 'setup.sh', PRIMARY))).toEqual(plain);
    expect(mysqlVerdicts(replace('db-replica', 'replica.sh', REPLICA))).toEqual(plain);
  });

  it('what the script leaves as shipped stays in force: bind-address = 127.0.0.1 fails primary-reachable', () => {
    const leftAlone = PRIMARY.replace(/^sudo sed -i 's\/\^bind-address.*\n/m, '');
    expect(leftAlone).not.toContain('bind-address');
    const got = mysqlVerdicts(replace('db-primary', 'setup.sh', leftAlone));
    expect(got['mysql/primary-reachable']).toMatch(/^fail .*127\.0\.0\.1/);
    expect(got['mysql/primary-server-id']).toBe('pass');
  });
});
