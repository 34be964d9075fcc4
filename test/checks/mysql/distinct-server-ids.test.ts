import check from '../../../labs/core/checks/mysql/distinct-server-ids';
import { run, solutionFiles } from '../checkTester';

const P = 'db-primary/50-server.cnf';
const R = 'db-replica/50-server.cnf';
const rb = solutionFiles()[R];
run(check, {
  valid: [
    { name: 'the reference solution (1 and 2)', base: 'solution' },
    {
      name: 'false positive: the same digits written differently are still different ids',
      base: 'solution',
      files: { [R]: rb.replace('server-id    = 2', 'server-id    = 12') },
    },
  ],
  invalid: [
    {
      name: 'misspelt on the replica (`server_di`), with the loose- prefix: ignored, reported at its line',
      base: 'solution',
      files: { [R]: rb.replace('server-id    = 2', 'loose-server_di = 2') },
      errors: [
        {
          messageId: 'misspelt',
          file: R,
          line: 3,
          column: 1,
          data: {
            raw: 'loose-server_di',
            host: 'db-replica',
            want: 'server-id',
            effect: 'ignores it (the `loose-` prefix)',
          },
        },
      ],
    },
    {
      name: 'the same server-id',
      base: 'solution',
      files: { [R]: rb.replace('server-id    = 2', 'server-id    = 1') },
      errors: [{ messageId: 'same', file: R, line: 3, column: 16, related: [{ file: P, line: 3, column: 17 }] }],
    },
    {
      name: 'replica without server-id',
      base: 'solution',
      files: { [R]: rb.replace('server-id    = 2\n', '') },
      errors: [{ messageId: 'missing', file: R, line: 1, column: 1 }],
    },
    {
      // field: a primary with its `#server-id = 1` still commented out beside a replica with 2; the expert
      // convention (and MySQL 5.7, whose default 0 refuses replicas) wants both ids set
      name: 'primary without server-id (its default is not an id of its own)',
      base: 'solution',
      files: { [P]: solutionFiles()[P].replace('server-id     = 1', '#server-id     = 1') },
      errors: [{ messageId: 'missing', file: P, line: 1, column: 1 }],
    },
    {
      name: 'neither sets one: each is reported',
      base: 'solution',
      files: {
        [P]: solutionFiles()[P].replace('server-id     = 1\n', ''),
        [R]: rb.replace('server-id    = 2\n', ''),
      },
      errors: [
        { messageId: 'missing', file: P, line: 1, column: 1 },
        { messageId: 'missing', file: R, line: 1, column: 1 },
      ],
    },
    {
      name: 'primary id refused by mariadbd (two lines merged)',
      base: 'solution',
      files: {
        'db-primary/50-server.cnf': solutionFiles()['db-primary/50-server.cnf'].replace(
          'server-id     = 1',
          'server-id     = 1symbolic-links=0',
        ),
      },
      errors: [{ messageId: 'refused', file: 'db-primary/50-server.cnf', line: 3, column: 17 }],
    },
    {
      name: 'the same id written two ways (1K and 1024)',
      base: 'solution',
      files: {
        [R]: rb.replace('server-id    = 2', 'server-id    = 1024'),
        'db-primary/50-server.cnf': solutionFiles()['db-primary/50-server.cnf'].replace(
          'server-id     = 1',
          'server-id     = 1k',
        ),
      },
      errors: [
        {
          messageId: 'same',
          file: R,
          line: 3,
          column: 16,
          related: [{ file: 'db-primary/50-server.cnf', line: 3, column: 17 }],
        },
      ],
    },
    {
      name: 'replica with 0',
      base: 'solution',
      files: { [R]: rb.replace('server-id    = 2', 'server-id    = 0') },
      errors: [{ messageId: 'zero', file: R, line: 3, column: 16 }],
    },
    { name: 'no replica option file', base: 'solution', remove: [R], errors: [{ messageId: 'not-found' }] },
  ],
});
