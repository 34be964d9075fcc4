import check from '../../../labs/core/checks/monitoring/collectors';
import { run } from '../checkTester';
import { LAB } from './lab2';

run(check, {
  valid: [
    { name: 'an exporter installed on every host (the reference)', base: 'solution', lab: LAB },
    {
      name: "false positive: lb-01 monitored by HAProxy's own exporter; app-01 runs node_exporter from a unit file",
      base: 'solution',
      lab: LAB,
      remove: ['lb-01/monitoring.sh', 'app-01/monitoring.sh'],
      files: {
        'app-01/node_exporter.service':
          '[Unit]\nDescription=Node Exporter\n\n[Service]\nExecStart=/usr/local/bin/node_exporter\n\n[Install]\nWantedBy=multi-user.target\n',
      },
    },
  ],
  invalid: [
    {
      name: 'db-replica installs nothing',
      base: 'solution',
      lab: LAB,
      remove: ['db-replica/monitoring.sh'],
      errors: [{ messageId: 'missing', file: 'db-replica/50-server.cnf', line: 1, column: 1 }],
    },
    {
      name: 'a script that installs only nginx is no collector',
      base: 'solution',
      lab: LAB,
      files: { 'web-02/monitoring.sh': '#!/bin/bash\nsudo apt-get install -y nginx\n' },
      errors: [{ messageId: 'missing', file: 'web-02/default', line: 1, column: 1 }],
    },
  ],
});
