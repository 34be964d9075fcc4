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
      "lb-02 sends its adverts to itself, so lb-01 never hears lb-02. The probes' events never need it to: lb-01 leaves the VIP by FAULT (this variant's track has no weight) or by losing its link, and takes it back by its higher priority, which lb-02 does hear. The split brain waits for lb-01 alive at a priority below lb-02's (a weighted track), which no probe makes.",
    'unicast-peer-self keepalived/unicast-consistent live/no-split-brain':
      'As for live/link-failover: no event of the probes needs lb-01 to hear lb-02, so no two masters are ever seen; the static check names the latent split brain.',
  },
  minVariants: 8,
  minReferencePairs: 10,
  timeouts: { reference: 120_000, variants: 900_000 },
});
