/**
 * Lab 3's static and live verdicts agree: the reference and every broken variant whose failing checks a probe
 * of the keepalived group names in its `agreesWith` are checked statically (the model, `keepalived -t`, haproxy -c,
 * the engine) and run live with those probes; every static/live pair must agree by lab 1's rule. Root, keepalived
 * and the real tools; skipped with the reason elsewhere.
 */
import { noSpofGroupMetas } from '../../labs/core/checks/live/no-spof';
import { groupAgreementSuite } from './group-agreement';
import { kaSkipReason } from './no-spof-helpers';

groupAgreementSuite({
  lab: 'no-spof',
  metas: noSpofGroupMetas,
  why: kaSkipReason,
  expected: {
    'priority-255 keepalived/one-master live/vip-owner':
      "one-master fails `priority 255` with tracking weights for what happens when the master's HAProxy dies (the address owner's priority never drops, so the VIP never moves: live/failover fails it, with keepalived/failover-math); at start the 255 instance rightly takes the VIP at once.",
    'unicast-peer-self keepalived/unicast-consistent live/link-failover':
      "lb-02 sends its adverts to itself, so lb-01 never hears lb-02; a link cut never needs it to: the backup takes the VIP when it stops hearing the master, which lb-02 does hear. live/no-split-brain fails it (lb-01 received none of lb-02's adverts while lb-02 was master).",
  },
  minVariants: 8,
  minReferencePairs: 10,
  timeouts: { reference: 120_000, variants: 900_000 },
});
