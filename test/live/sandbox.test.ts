/** What the sandbox adds to the learner's configs, and that it reports each addition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../labs/core/vfs';
import { runLive } from '../../labs/node/live';
import { loadLab } from '../../labs/node/specs';
import { SOLUTION, leftovers, skipReason } from './helpers';

const lab = loadLab('distributed-web');
const sol = (p: string): string => readFileSync(join(SOLUTION, p), 'utf8');

describe.skipIf(!!skipReason)(`live sandbox additions ${skipReason}`, () => {
  it(
    'a referenced certificate that is not in the submission: a throwaway EC one stands in, HAProxy starts, the change is listed',
    { timeout: 60_000 },
    async () => {
      const cfg = sol('lb-01/haproxy.cfg')
        .replace(/^\s*user haproxy\n\s*group haproxy\n/m, '')
        .replace('    bind *:80\n', '    bind *:80\n    bind *:443 ssl crt /etc/haproxy/certs/site.pem\n');
      const tree = new MemoryTree({
        'lb-01/haproxy.cfg': cfg,
        'web-01/default': sol('web-01/default'),
        'web-02/default': sol('web-02/default'),
        'app-01/app.service': sol('app-01/app.service'),
      });
      const r = await runLive({ dir: 'x', tree, lab, tiers: ['web'], skipFailover: true });
      const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
      expect(vs.status, vs.findings.map((f) => f.message).join('; ')).toBe('pass');
      expect(vs.findings.map((f) => f.messageId)).toContain('started');
      const changes = r.live.changes.map((c) => `${c.host} ${c.file ?? ''} ${c.what}`);
      expect(
        changes.some((c) =>
          /^lb-01 lb-01\/haproxy.cfg \/etc\/haproxy\/certs\/site.pem: a throwaway self-signed EC certificate/.test(c),
        ),
      ).toBe(true);
      expect(changes.some((c) => /runs HAProxy as the unprivileged user haproxy/.test(c))).toBe(true);
      expect(changes.some((c) => /stats socket/.test(c))).toBe(true);
      expect(r.checks.find((c) => c.id === 'live/round-robin')!.status).toBe('pass');
      expect(leftovers({ owners: [process.pid], inodes: r.debug.netnsInodes, pids: r.debug.pids })).toEqual([]);
    },
  );
});
