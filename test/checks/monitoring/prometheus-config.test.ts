import check from '../../../labs/core/checks/monitoring/prometheus-config';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';
import { solutionFiles } from '../checkTester';

const P = 'monitor-01/prometheus.yml';

run(
  check,
  {
    valid: [
      { name: 'every host scraped (the reference)', base: 'solution', lab: LAB },
      {
        name: 'false positive: targets by host name, flow lists, a metrics_path',
        base: 'solution',
        lab: LAB,
        files: {
          [P]: "scrape_configs:\n  - job_name: haproxy\n    metrics_path: /metrics\n    static_configs:\n      - targets: ['lb-01:8405']\n  - job_name: node\n    static_configs:\n      - targets: [web-01:9100, web-02:9100, app-01:9100, \"db-primary:9100\", 'db-replica:9100']\n",
        },
      },
      {
        name: "false positive: no inventory.yaml, lb-01's address unknown: 10.0.0.10:8405 may be it (a note)",
        base: 'solution',
        lab: LAB,
        remove: ['inventory.yaml'],
        files: edit(P, "          - '10.0.0.10:9100'\n", ''),
        notes: [
          {
            messageId: 'address-unknown',
            file: P,
            line: 10,
            column: 3,
            data: { host: 'lb-01', targets: '10.0.0.10:8405, 10.0.0.22:9100, 10.0.0.30:9100' },
          },
          {
            messageId: 'address-unknown',
            file: P,
            line: 10,
            column: 3,
            data: { host: 'db-replica', targets: '10.0.0.10:8405, 10.0.0.22:9100, 10.0.0.30:9100' },
          },
        ],
      },
      {
        name: 'false positive: file-based discovery is not judged',
        base: 'solution',
        lab: LAB,
        files: {
          [P]: "scrape_configs:\n  - job_name: node\n    file_sd_configs:\n      - files: ['/etc/prometheus/targets/*.yml']\n",
        },
      },
    ],
    invalid: [
      {
        name: 'no prometheus.yml',
        base: 'solution',
        lab: LAB,
        remove: [P],
        errors: [{ messageId: 'not-found' }],
      },
      {
        name: 'a target with a path',
        base: 'solution',
        lab: LAB,
        files: edit(P, "['10.0.0.10:8405']", "['10.0.0.10:8405/metrics']"),
        errors: [{ messageId: 'path-in-target', file: P, line: 12, column: 19 }],
      },
      {
        name: "a scrape web-02's firewall drops (the nginx exporter's port not allowed from monitor-01)",
        base: 'solution',
        lab: LAB,
        files: {
          'web-02/firewall.sh': solutionFiles(LAB)['web-02/firewall.sh'].replace(
            'sudo ufw allow proto tcp from 10.0.0.30 to any port 9113 # nginx exporter\n',
            '',
          ),
        },
        errors: [{ messageId: 'scrape-blocked', file: P, line: 15, column: 37 }],
      },
      {
        name: 'the databases not scraped',
        base: 'solution',
        lab: LAB,
        files: edit(P, "          - '10.0.0.21:9100'\n          - '10.0.0.22:9100'\n", ''),
        errors: [
          { messageId: 'unscraped', file: P, line: 10, column: 3 },
          { messageId: 'unscraped', file: P, line: 10, column: 3 },
        ],
      },
    ],
  },
  {
    // promtool check config's findings come from the real tool: test/checks/monitoring/promtool.test.ts
    exercisedElsewhere: { tool: 'promtool.test.ts', 'tool-ok': 'promtool.test.ts' },
  },
);
