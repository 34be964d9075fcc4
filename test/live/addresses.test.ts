/**
 * The inventory is the learner's, the sandbox is ours: live mode runs every host at the lab's own
 * sandbox address and maps the learner's addresses (here public ones, inferred from the files: no
 * inventory.yaml) onto them, never putting a learner's address on an interface, and reports it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../labs/core/vfs';
import { buildModel } from '../../labs/core/model/build';
import { runLive } from '../../labs/node/live';
import { learnerAddressMap, mapAddresses, substituteHostName } from '../../labs/node/live/addresses';
import { loadLab } from '../../labs/node/specs';
import { SOLUTION, leftovers, skipReason } from './helpers';

const lab = loadLab('distributed-web');
const sol = (p: string): string => readFileSync(join(SOLUTION, p), 'utf8');

describe('address mapping (no servers)', () => {
  it('replaces whole addresses in one pass: no prefix hits, no chains', () => {
    const map = new Map([
      ['203.0.113.45', '10.0.0.11'],
      ['10.0.0.11', '10.0.0.12'],
      ['1234-web-02', '10.0.0.12'],
    ]);
    const r = mapAddresses(
      'server a 203.0.113.45:80\nserver b 203.0.113.451:80\nserver c 10.0.0.11:80 # 1234-web-02.example, 1234-WEB-02\nserver d x203.0.113.45\n',
      map,
    );
    expect(r.text).toBe(
      'server a 10.0.0.11:80\nserver b 203.0.113.451:80\nserver c 10.0.0.12:80 # 1234-web-02.example, 10.0.0.12\nserver d x203.0.113.45\n',
    );
    expect(r.count).toBe(3);
  });
  it("maps from the model's inventory (declared or inferred), never a host nothing names", () => {
    const tree = new MemoryTree({
      'lb-01/haproxy.cfg': sol('lb-01/haproxy.cfg')
        .replace('10.0.0.11:80', '203.0.113.45:80')
        .replace('10.0.0.12:80', '203.0.113.46:80'),
    });
    const m = learnerAddressMap(buildModel(tree, lab), lab.hosts);
    expect([...m.map]).toEqual([
      ['203.0.113.45', '10.0.0.11'],
      ['203.0.113.46', '10.0.0.12'],
    ]);
    expect(m.lines).toEqual(['web-01 203.0.113.45 -> 10.0.0.11', 'web-02 203.0.113.46 -> 10.0.0.12']);
  });
  it("a script's $(hostname) becomes the host's own name", () => {
    expect(substituteHostName('add_header X-Served-By @HOSTNAME@;\n', 'web-02')).toEqual({
      text: 'add_header X-Served-By web-02;\n',
      count: 1,
    });
  });
});

describe.skipIf(!!skipReason)(`live mode on the learner's own addresses ${skipReason}`, () => {
  it(
    'public addresses in the files, no inventory.yaml: the web tier runs at the sandbox addresses and round-robins',
    { timeout: 90_000 },
    async () => {
      const pub = (t: string) =>
        t
          .replace(/10\.0\.0\.11/g, '198.51.100.11')
          .replace(/10\.0\.0\.12/g, '198.51.100.12')
          .replace(/10\.0\.0\.13/g, '198.51.100.13');
      const files = {
        'lb-01/haproxy.cfg': pub(sol('lb-01/haproxy.cfg')),
        'web-01/default': pub(sol('web-01/default')),
        'web-02/default': pub(sol('web-02/default')),
        'app-01/app.service': pub(sol('app-01/app.service')),
      };
      const tree = new MemoryTree(files);
      const model = buildModel(tree, lab);
      expect(model.inventory.entries['web-01']).toMatchObject({ address: '198.51.100.11', origin: 'inferred' });
      const r = await runLive({ dir: 'x', tree, model, lab, tiers: ['web'], skipFailover: true });
      const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
      expect(vs.status, vs.findings.map((f) => f.message).join('; ')).toBe('pass');
      expect(r.checks.find((c) => c.id === 'live/round-robin')!.status).toBe('pass');
      expect(r.checks.find((c) => c.id === 'live/app-path')!.status).toBe('pass');
      const changes = r.live.changes.map((c) => c.what).join('\n');
      expect(changes).toContain('web-01 198.51.100.11 -> 10.0.0.11');
      expect(changes).toContain('app-01 198.51.100.13 -> 10.0.0.13');
      expect(leftovers({ owners: [process.pid], inodes: r.debug.netnsInodes, pids: r.debug.pids })).toEqual([]);
    },
  );
});
