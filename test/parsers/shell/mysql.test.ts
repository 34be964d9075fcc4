/**
 * The SQL a provisioning script runs through the MySQL/MariaDB client (commands/mysql.ts): each run's
 * statements, with the script line of every SQL line, from `-e`, `--execute=`, a heredoc, a pipe or a file the
 * script wrote; the client's other options (`-uroot`, `-p`, `-pSECRET`, `-h host`) never taken for SQL.
 */
import { describe, expect, it } from 'vitest';
import { reconstructScript } from '../../../labs/core/parsers/shell/index';

const sql = (script: string) =>
  reconstructScript('db-primary/setup.sh', script).sql.map((q) => ({
    text: q.text,
    lines: q.origin.map((o) => o?.line),
    at: q.span.line,
  }));

describe('mysql in a provisioning script', () => {
  it('-e, glued or not, after options with values; -p never swallows the next word', () => {
    expect(
      sql(
        [
          '#!/bin/bash',
          'sudo mysql -u root -e "CREATE DATABASE app_db;"',
          "mysql -uroot -p -e 'SELECT 1;'",
          'mysql -h 127.0.0.1 -pS3cret --execute="SHOW DATABASES;"',
          'mariadb -e"FLUSH PRIVILEGES;"',
        ].join('\n'),
      ),
    ).toEqual([
      { text: 'CREATE DATABASE app_db;', lines: [2], at: 2 },
      { text: 'SELECT 1;', lines: [3], at: 3 },
      { text: 'SHOW DATABASES;', lines: [4], at: 4 },
      { text: 'FLUSH PRIVILEGES;', lines: [5], at: 5 },
    ]);
  });

  it('a heredoc, a pipe, and a file the script wrote, each SQL line at its script line', () => {
    expect(
      sql(
        [
          '#!/bin/bash',
          "sudo mysql -u root <<'EOF'",
          "CREATE USER 'app'@'10.0.0.13' IDENTIFIED BY 'pw';",
          "GRANT SELECT ON app_db.* TO 'app'@'10.0.0.13';",
          'EOF',
          'echo "SET GLOBAL read_only = ON;" | sudo mysql',
          "cat > /tmp/r.sql <<'EOF'",
          'START SLAVE;',
          'EOF',
          'mysql < /tmp/r.sql',
        ].join('\n'),
      ),
    ).toEqual([
      {
        text: "CREATE USER 'app'@'10.0.0.13' IDENTIFIED BY 'pw';\nGRANT SELECT ON app_db.* TO 'app'@'10.0.0.13';\n",
        lines: [3, 4],
        at: 2,
      },
      { text: 'SET GLOBAL read_only = ON;\n', lines: [6], at: 6 },
      { text: 'START SLAVE;\n', lines: [8], at: 10 },
    ]);
  });

  it('a client with no SQL (interactive, or a file only known on the machine) records nothing', () => {
    expect(sql('#!/bin/bash\nsudo mysql -u root -p\nmysql < /root/setup.sql\nmysql -e "$QUERY"\n')).toEqual([]);
  });
});
