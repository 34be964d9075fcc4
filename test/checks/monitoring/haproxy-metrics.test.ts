import check from '../../../labs/core/checks/monitoring/haproxy-metrics';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

const H = 'lb-01/haproxy.cfg';
const METRICS =
  'frontend metrics\n    bind 10.0.0.10:8405\n    http-request use-service prometheus-exporter if { path /metrics }\n    option dontlog-normal   # log only the failed scrapes\n';

run(check, {
  valid: [
    { name: 'its own frontend on the private address (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: every address on 8405, with the firewall letting only monitor-01 in',
      base: 'solution',
      lab: LAB,
      files: edit(H, 'bind 10.0.0.10:8405', 'bind *:8405'),
    },
    {
      name: 'false positive: a listen section with the stats page too, on localhost',
      base: 'solution',
      lab: LAB,
      files: edit(
        H,
        METRICS,
        'listen stats\n    bind 127.0.0.1:8404\n    stats enable\n    stats uri /stats\n    http-request use-service prometheus-exporter if { path /metrics }\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'no exporter at all',
      base: 'solution',
      lab: LAB,
      files: edit(H, METRICS, ''),
      errors: [{ messageId: 'missing', file: H, line: 1, column: 1 }],
    },
    {
      name: 'on the public frontend',
      base: 'solution',
      lab: LAB,
      files: edit(
        H,
        '    default_backend web_servers\n\n#',
        '    http-request use-service prometheus-exporter if { path /metrics }\n    default_backend web_servers\n\n#',
      ),
      errors: [
        { messageId: 'public', file: H, line: 24, column: 5 },
        { messageId: 'public', file: H, line: 26, column: 5 },
      ],
    },
    {
      name: 'every address, and the firewall opens the port to everyone',
      base: 'solution',
      lab: LAB,
      files: {
        ...edit(H, 'bind 10.0.0.10:8405', 'bind *:8405'),
        ...edit(
          'lb-01/firewall.sh',
          'sudo ufw allow proto tcp from 10.0.0.30 to any port 8405',
          'sudo ufw allow 8405/tcp',
        ),
      },
      errors: [{ messageId: 'open-port', file: H, line: 34, column: 5 }],
    },
    {
      name: 'in mode tcp',
      base: 'solution',
      lab: LAB,
      files: edit(H, '    bind 10.0.0.10:8405\n', '    bind 10.0.0.10:8405\n    mode tcp\n'),
      errors: [{ messageId: 'tcp-mode', file: H, line: 33, column: 1 }],
    },
    {
      name: 'no HAProxy config',
      base: 'solution',
      lab: LAB,
      remove: [H],
      errors: [{ messageId: 'not-found' }],
    },
  ],
});
