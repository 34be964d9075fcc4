import check from '../../../labs/core/checks/firewall/enabled';
import { run, solutionFiles } from '../checkTester';
import { LAB, edit, script } from './lab2';

run(check, {
  valid: [
    { name: 'every host ends with `ufw --force enable` (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: a file of the commands typed at the prompt (no `#!` line), saved with Windows line endings',
      base: 'solution',
      lab: LAB,
      remove: ['web-01/firewall.sh'],
      files: {
        'web-01/ufw-commands': [
          'sudo ufw default deny incoming',
          'sudo ufw allow 22/tcp',
          'sudo ufw allow proto tcp from 10.0.0.10 to any port 80',
          'sudo ufw enable',
          '',
        ].join('\r\n'),
      },
    },
    {
      name: 'false positive: `echo y | ufw enable`, `yes | sudo ufw enable`, plain `ufw enable`',
      base: 'solution',
      lab: LAB,
      files: {
        ...edit('web-01', 'sudo ufw --force enable', 'echo y | sudo ufw enable'),
        ...edit('web-02', 'sudo ufw --force enable', 'yes | sudo ufw enable'),
        ...edit('app-01', 'sudo ufw --force enable', 'sudo ufw enable'),
      },
    },
    {
      name: "false positive: ufw's own files (ufw.conf ENABLED=yes, user.rules) instead of commands",
      base: 'solution',
      lab: LAB,
      remove: ['db-replica/firewall.sh'],
      files: {
        'db-replica/ufw.conf': 'ENABLED=yes\nLOGLEVEL=low\n',
        'db-replica/user.rules':
          '*filter\n:ufw-user-input - [0:0]\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n-A ufw-user-input -p tcp --dport 3306 -s 10.0.0.13 -j ACCEPT\nCOMMIT\n',
      },
    },
  ],
  invalid: [
    {
      name: '`ufw enable -y`: a syntax error, ufw stays off',
      base: 'solution',
      lab: LAB,
      files: edit('web-01', 'sudo ufw --force enable', 'sudo ufw enable -y'),
      errors: [{ messageId: 'enable-refused', file: 'web-01/firewall.sh', line: 12, column: 1 }],
    },
    {
      name: 'a script saved with Windows line endings (CRLF): bash hands ufw `enable\\r`, which it refuses',
      base: 'solution',
      lab: LAB,
      files: { 'web-01/firewall.sh': solutionFiles(LAB)['web-01/firewall.sh']!.replace(/\n/g, '\r\n') },
      errors: [
        {
          messageId: 'enable-refused',
          file: 'web-01/firewall.sh',
          line: 12,
          column: 1,
          data: {
            host: 'web-01',
            command: 'ufw --force enable',
            error:
              'ERROR: Invalid syntax: the line ends with a carriage return (the file has Windows line endings, CRLF), which bash passes on to ufw; convert the file (`dos2unix`)',
          },
        },
      ],
    },
    {
      name: 'rules but no enable',
      base: 'solution',
      lab: LAB,
      files: edit('app-01', 'sudo ufw --force enable\n', ''),
      errors: [{ messageId: 'never-enabled', file: 'app-01/firewall.sh', line: 4, column: 1 }],
    },
    {
      name: 'no firewall on db-replica',
      base: 'solution',
      lab: LAB,
      remove: ['db-replica/firewall.sh'],
      errors: [{ messageId: 'no-firewall', file: 'db-replica/50-server.cnf', line: 1, column: 1 }],
    },
    {
      name: 'enabled, then disabled again',
      base: 'solution',
      lab: LAB,
      files: { 'lb-01/zz-debug.sh': script('sudo ufw disable') },
      errors: [{ messageId: 'never-enabled', file: 'lb-01/firewall.sh', line: 4, column: 1 }],
    },
  ],
});
