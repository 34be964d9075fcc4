/**
 * Lab 2's static and live verdicts agree (issue 14: "static/live agreement as in lab 1"): the reference and every
 * broken variant whose failing checks a probe names in its `agreesWith` are checked statically (the model, the
 * real tools of the checks the probes name, the engine) and run live with those probes; every static/live pair must agree by
 * lab 1's rule (a static fail predicts a live fail; a static pass a live pass unless another check of the probe's
 * group fails). Root and the real tools; skipped with the reason elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { securedMetas } from '../../labs/core/checks/live/secured';
import { groupAgreementSuite } from './group-agreement';
import { skipReason } from './helpers';

const ufwMissing = spawnSync('sh', ['-c', 'command -v ufw && command -v iptables'], { stdio: 'ignore' }).status !== 0;
if (ufwMissing && !skipReason && process.env.CI === 'true')
  throw new Error('the lab 2 agreement test cannot run in CI: ufw (or iptables) is not installed');

groupAgreementSuite({
  lab: 'secured-monitored',
  metas: securedMetas,
  why: skipReason || (ufwMissing ? '(skipped: ufw or iptables is not installed)' : ''),
  expected: {
    'no-mode-http haproxy/https-bind live/tls-versions':
      'In `mode tcp` the TLS bind is there and negotiates TLS 1.2 and 1.3 as it should: https-bind fails it for what HAProxy cannot do with HTTP in tcp mode, not for its TLS.',
    'no-mode-http haproxy/https-bind live/https-round-robin':
      'In `mode tcp` HAProxy still terminates TLS and balances connections, and the probe opens a connection per request, so its answers alternate; what https-bind fails `mode tcp` for (redirects, headers, one request at a time) live/redirect, live/hsts and live/x-forwarded-proto show.',
  },
  minVariants: 12,
  minReferencePairs: 11,
  timeouts: { reference: 120_000, variants: 600_000 },
});
