/**
 * The keepalived.conf parser (labs/core/parsers/keepalived): the lab's blocks typed with their spans, the
 * diagnostics keepalived -t gives (research/labs-2-3.md §1.4), leniency where keepalived is lenient, and
 * hostile input (huge, deep, binary) handled in bounded time without a throw. Also: a keepalived.conf is
 * recognised as the bundled keepalived kind, by content and by a script's target path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_SAME_DIAGNOSTICS, parseKeepalived } from '../../labs/core/parsers/keepalived';
import { sniff } from '../../labs/core/parsers/sniff';
import { registeredKind, sniffRegistered } from '../../labs/core/kinds';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import type { LabSpec } from '../../labs/core/spec/types';

const F = 'lb-01/keepalived.conf';
const parse = (text: string) => parseKeepalived({ path: F, text });
const codes = (text: string) => parse(text).diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.column]);

const GOOD = `! Configuration File for keepalived
global_defs {
    router_id lb-01
    enable_script_security
    script_user root
}

vrrp_script chk_haproxy {
    script "/usr/bin/killall -0 haproxy"   # is it running?
    interval 2
    weight -60
    fall 2
    rise 1
}

vrrp_track_process track_haproxy {
    process haproxy
    weight -60
    delay 1
}

vrrp_instance VI_1
{
    state master
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass Ku7xQ2pa
    }
    virtual_ipaddress {
        10.0.0.100/24 dev eth0 label eth0:1
        10.0.0.101
    }
    unicast_src_ip 10.0.0.10
    unicast_peer {
        10.0.0.15
    }
    track_script {
        chk_haproxy weight -70
    }
    track_process {
        track_haproxy
    }
    track_interface {
        eth0 weight -10
    }
    preempt_delay 5
}
`;

describe('keepalived.conf parser: a valid configuration', () => {
  const { ast, diagnostics } = parse(GOOD);
  it('has no diagnostic', () => expect(diagnostics).toEqual([]));
  it('reads global_defs', () => {
    expect(ast.globalDefs).toMatchObject({ enableScriptSecurity: true, scriptUser: 'root', routerId: 'lb-01' });
    expect(ast.globalDefs.enableScriptSecuritySpan).toMatchObject({ line: 4, column: 5 });
  });
  it('reads vrrp_script (the command unquoted, the comment dropped) and vrrp_track_process', () => {
    expect(ast.scripts).toHaveLength(1);
    expect(ast.scripts[0]).toMatchObject({
      name: 'chk_haproxy',
      script: '/usr/bin/killall -0 haproxy',
      interval: 2,
      weight: -60,
      fall: 2,
      rise: 1,
    });
    expect(ast.scripts[0].weightSpan).toMatchObject({ line: 11, column: 5 });
    expect(ast.trackProcesses[0]).toMatchObject({ name: 'track_haproxy', process: 'haproxy', weight: -60, delay: 1 });
  });
  it('reads the instance (brace on the next line), upper-casing the state', () => {
    const i = ast.instances[0];
    expect(i).toMatchObject({
      name: 'VI_1',
      state: 'MASTER',
      interface: 'eth0',
      virtualRouterId: 51,
      priority: 150,
      advertInt: 1,
      authType: 'PASS',
      authPass: 'Ku7xQ2pa',
      unicastSrcIp: '10.0.0.10',
      nopreempt: false,
      preemptDelay: 5,
    });
    expect(i.stateSpan).toMatchObject({ line: 24, column: 11, endColumn: 17 });
    expect(i.virtualRouterIdSpan).toMatchObject({ line: 26, column: 23 });
    expect(i.vips.map((v) => [v.address, v.prefix, v.dev, v.extra, v.span.line])).toEqual([
      ['10.0.0.100', 24, 'eth0', ['label', 'eth0:1'], 34],
      ['10.0.0.101', undefined, undefined, [], 35],
    ]);
    expect(i.unicastPeers.map((p) => p.address)).toEqual(['10.0.0.15']);
    expect(i.trackScripts).toMatchObject([{ name: 'chk_haproxy', weight: -70 }]);
    expect(i.trackProcesses).toMatchObject([{ name: 'track_haproxy' }]);
    expect(i.trackInterfaces).toMatchObject([{ name: 'eth0', weight: -10 }]);
  });
  it('keeps every top-level statement', () => {
    expect(ast.statements.map((s) => [s.keyword, s.args, s.span.line])).toEqual([
      ['global_defs', [], 2],
      ['vrrp_script', ['chk_haproxy'], 8],
      ['vrrp_track_process', ['track_haproxy'], 16],
      ['vrrp_instance', ['VI_1'], 22],
    ]);
  });
  it('reads blocks on one line, CRLF line ends, quotes with escapes and spaces', () => {
    const r = parse(
      'vrrp_instance A {\r\n  interface eth0\r\n  virtual_router_id 7\r\n  virtual_ipaddress { 192.168.1.5/32 }\r\n}\r\nvrrp_script "my script" {\r\n  script \'/bin/echo "a b"\' x\\ y\r\n}\r\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.instances[0].vips.map((v) => v.address)).toEqual(['192.168.1.5']);
    expect(r.ast.scripts[0]).toMatchObject({ name: 'my script', script: '/bin/echo "a b" x\\' + ' y' });
  });
  it('keeps sync groups and virtual servers as generic blocks', () => {
    const r = parse(
      'vrrp_sync_group G {\n  group {\n    VI_1\n  }\n}\nvirtual_server 10.0.0.100 80 {\n  lb_algo rr\n  real_server 10.0.0.11 80 {\n    weight 1\n  }\n}\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.statements[1].children!.map((c) => c.keyword)).toEqual(['lb_algo', 'real_server']);
    expect(r.ast.statements[1].children![1].children![0]).toMatchObject({ keyword: 'weight', args: ['1'] });
  });
});

describe('keepalived.conf parser: what keepalived -t reports', () => {
  const inst = (body: string) =>
    `vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    virtual_ipaddress {\n        10.0.0.100/24\n    }\n${body}}\n`;
  it("state SLAVE: unknown state 'SLAVE', defaulting to BACKUP", () => {
    expect(codes(inst('    state SLAVE\n'))).toEqual([['keepalived/unknown-state', 'error', 7, 11]]);
    expect(parse(inst('    state SLAVE\n')).diagnostics[0].message).toContain(
      "unknown state 'SLAVE', defaulting to BACKUP",
    );
  });
  it('auth_pass over 8 characters: only the first 8 are used', () => {
    const r = parse(inst('    authentication {\n        auth_type PASS\n        auth_pass mysecurepassword\n    }\n'));
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.column])).toEqual([
      ['keepalived/auth-pass-long', 'error', 9, 19],
    ]);
    expect(r.diagnostics[0].message).toContain('only the first 8 (mysecure)');
    expect(r.ast.instances[0].authPass).toBe('mysecurepassword');
  });
  it('auth_type other than PASS or AH', () => {
    expect(codes(inst('    authentication {\n        auth_type SECRET\n    }\n'))).toEqual([
      ['keepalived/auth-type', 'error', 8, 19],
    ]);
  });
  it('an empty virtual_ipaddress block, and an address that is not one', () => {
    expect(
      codes('vrrp_instance V {\n  interface eth0\n  virtual_router_id 1\n  virtual_ipaddress {\n  }\n}\n'),
    ).toEqual([['keepalived/no-vips', 'error', 4, 3]]);
    expect(codes(inst('').replace('10.0.0.100/24', '10.0.0.300/24'))).toEqual([
      ['keepalived/bad-vip', 'error', 5, 9],
      ['keepalived/no-vips', 'error', 4, 5],
    ]);
  });
  it('virtual_router_id and priority out of 1..255, a weight out of -253..253, a word for a number', () => {
    const r = parse(
      'vrrp_instance V {\n  interface eth0\n  virtual_router_id 300\n  priority 0\n  advert_int fast\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\nvrrp_script s {\n  script "/bin/true"\n  weight 300\n}\n',
    );
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.column])).toEqual([
      ['keepalived/out-of-range', 'error', 3, 21],
      ['keepalived/out-of-range', 'error', 4, 12],
      ['keepalived/out-of-range', 'error', 5, 14],
      ['keepalived/out-of-range', 'warning', 12, 10],
    ]);
    expect(r.diagnostics[0].message).toContain("VRID '300' not valid - must be between 1 & 255");
    expect(r.diagnostics[1].message).toContain('Priority not valid! must be between 1 & 255. Using default 100');
  });
  it('no virtual_router_id, no interface', () => {
    expect(codes('vrrp_instance V {\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\n')).toEqual([
      ['keepalived/no-vrid', 'error', 1, 1],
      ['keepalived/no-interface', 'error', 1, 1],
    ]);
  });
  it('nopreempt with state MASTER', () => {
    expect(codes(inst('    state MASTER\n    nopreempt\n'))).toEqual([
      ['keepalived/nopreempt-master', 'warning', 8, 5],
    ]);
    expect(codes(inst('    state BACKUP\n    nopreempt\n'))).toEqual([]);
  });
  it('unbalanced braces: a block never closed, a } too many, a { after nothing', () => {
    expect(codes('global_defs {\n  router_id a\n')).toEqual([['keepalived/unclosed-block', 'error', 1, 1]]);
    expect(parse('global_defs {\n').diagnostics[0].related).toEqual([
      { span: expect.objectContaining({ line: 1, column: 13 }), message: 'the block opened here' },
    ]);
    expect(codes('global_defs {\n}\n}\n')).toEqual([['keepalived/extra-close-brace', 'error', 3, 1]]);
    expect(codes('{\n}\n')).toEqual([['keepalived/stray-open-brace', 'warning', 1, 1]]);
  });
  it('a quote never closed', () => {
    expect(codes('vrrp_script s {\n  script "/bin/true\n}\n')).toEqual([
      ['keepalived/unterminated-quote', 'error', 2, 10],
    ]);
  });
  it('unknown keywords: a warning in an instance or a known block, a note at the top (keepalived ignores it)', () => {
    expect(codes(inst('    vrrp_unicast_peer 1.2.3.4\n'))).toEqual([['keepalived/unknown-keyword', 'warning', 7, 5]]);
    expect(codes('vrrp_script s {\n  script "/bin/true"\n  intervall 2\n}\n')).toEqual([
      ['keepalived/unknown-keyword', 'warning', 3, 3],
    ]);
    expect(codes('my_own_thing 1\n')).toEqual([['keepalived/unknown-keyword', 'info', 1, 1]]);
    // keepalived's own conditionals and parameters are not keywords
    expect(codes('$IF=eth0\n@lb1 router_id x\n')).toEqual([]);
  });
  it('a block without its name, a name defined twice', () => {
    expect(codes('vrrp_instance {\n}\n')).toEqual([['keepalived/missing-name', 'error', 1, 1]]);
    expect(codes('vrrp_script s {\n  script "/bin/true"\n}\nvrrp_script s {\n  script "/bin/false"\n}\n')).toEqual([
      ['keepalived/duplicate', 'warning', 4, 1],
    ]);
  });
  it('include is recorded, never read', () => {
    const r = parse('include /etc/keepalived/conf.d/*.conf\n');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['keepalived/include-not-read', 'info']]);
    expect(r.ast.includes).toEqual([
      { keyword: 'include', path: '/etc/keepalived/conf.d/*.conf', span: expect.objectContaining({ line: 1 }) },
    ]);
  });
  it('# and ! start comments anywhere outside quotes, not inside them', () => {
    const r = parse('vrrp_script s { # c\n  script "/bin/echo #1 !2" ! c\n} ! c\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.scripts[0].script).toBe('/bin/echo #1 !2');
  });
});

describe('keepalived.conf parser: hostile input', () => {
  const timed = (text: string) => {
    const t = performance.now();
    const r = parse(text);
    return { r, ms: performance.now() - t };
  };
  it('a 10 MB line without a space', () => {
    const { r, ms } = timed('a'.repeat(10_000_000));
    expect(ms).toBeLessThan(5000);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['keepalived/unknown-keyword']);
  });
  it('a million lines of statements stops at the statement limit, with one error', () => {
    const { r, ms } = timed('router_id x\n'.repeat(1_000_000));
    expect(ms).toBeLessThan(5000);
    const tooMany = r.diagnostics.filter((d) => d.code === 'keepalived/too-many-statements');
    expect(tooMany.map((d) => d.span.line)).toEqual([50_001]);
    // at most MAX_SAME_DIAGNOSTICS of one code, then one summary
    expect(r.diagnostics.filter((d) => d.code === 'keepalived/unknown-keyword').length).toBe(MAX_SAME_DIAGNOSTICS + 1);
  });
  it('100,000 nested blocks: bounded depth, one error, the braces still balance', () => {
    const n = 100_000;
    const { r, ms } = timed(
      'a {\n'.repeat(n) +
        '}\n'.repeat(n) +
        'vrrp_instance V {\n interface e\n virtual_router_id 1\n virtual_ipaddress {\n 1.2.3.4\n }\n}\n',
    );
    expect(ms).toBeLessThan(5000);
    expect(r.diagnostics.filter((d) => d.code === 'keepalived/too-deep').map((d) => d.span.line)).toEqual([
      MAX_DEPTH + 1,
    ]);
    expect(
      r.diagnostics.some((d) => d.code === 'keepalived/unclosed-block' || d.code === 'keepalived/extra-close-brace'),
    ).toBe(false);
    expect(r.ast.instances.map((i) => i.name)).toEqual(['V']);
  });
  it('100,000 unclosed blocks and 100,000 stray closes', () => {
    const a = timed('{'.repeat(100_000));
    expect(a.ms).toBeLessThan(5000);
    const b = timed('}'.repeat(100_000));
    expect(b.ms).toBeLessThan(5000);
    expect(b.r.diagnostics.filter((d) => d.code === 'keepalived/extra-close-brace').length).toBe(
      MAX_SAME_DIAGNOSTICS + 1,
    );
  });
  it('binary junk and random bytes never throw, every diagnostic has a place', () => {
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let k = 0; k < 50; k++) {
      const text = String.fromCharCode(...Array.from({ length: 4000 }, rnd)) + '\uFFFD\u0000{"\'!#}';
      const r = parse(text);
      for (const d of r.diagnostics) {
        expect(d.span.file).toBe(F);
        expect(d.span.line).toBeGreaterThanOrEqual(1);
        expect(d.span.column).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('the keepalived kind', () => {
  it('a keepalived.conf is not taken for Nginx by the built-in sniffer, and the keepalived kind claims it', () => {
    expect(sniff('lb-01/keepalived.conf', GOOD).kind).toBe('unknown');
    expect(sniff('lb-01/whatever.txt', GOOD).kind).toBe('unknown');
    expect(sniffRegistered('lb-01/whatever.txt', GOOD)?.kind).toBe('keepalived');
    expect(registeredKind('keepalived')?.targets?.some((t) => t.test('/etc/keepalived/keepalived.conf'))).toBe(true);
  });
  it('an Nginx site and a HAProxy config are still theirs (keepalive_timeout is not keepalived)', () => {
    expect(
      sniff(
        'default',
        'server {\n    listen 80;\n    keepalive_timeout 65;\n    location / {\n        proxy_pass http://app;\n    }\n}\n',
      ).kind,
    ).toBe('nginx');
    expect(sniffRegistered('default', 'server {\n    listen 80;\n}\n')).toBeUndefined();
  });
  it('lands in host.units.keepalived, from a file and from a script writing /etc/keepalived/keepalived.conf', () => {
    const lab = {
      id: 't',
      roles: { 'load-balancer': { kinds: ['keepalived', 'shell'] } },
      hosts: [
        { name: 'lb-01', role: 'load-balancer', address: '10.0.0.10', optional: false },
        { name: 'lb-02', role: 'load-balancer', address: '10.0.0.15', optional: false },
      ],
      checks: [],
      options: {},
    } as unknown as LabSpec;
    const model = buildModel(
      new MemoryTree({
        'lb-01/keepalived.conf': GOOD,
        'lb-02/setup.sh': `#!/bin/bash\nsudo tee /etc/keepalived/keepalived.conf > /dev/null <<EOF\n${GOOD}EOF\n`,
      }),
      lab,
    );
    const u1 = model.hosts['lb-01'].units.keepalived;
    const u2 = model.hosts['lb-02'].units.keepalived;
    expect(u1?.map((u) => u.file.path)).toEqual(['lb-01/keepalived.conf']);
    expect(u2?.map((u) => u.file.path)).toEqual(['lb-02/setup.sh#/etc/keepalived/keepalived.conf']);
    expect((u2![0].ast as { instances: Array<{ name: string }> }).instances[0].name).toBe('VI_1');
  });
});

// A real keepalived.conf from the field corpus (../shared, beside the clone in CI), whose keepalived -t
// output is recorded there (validation/keepalived-check.log): the parser agrees where it judges.
const CORPUS = join(__dirname, '../../../shared/field-corpus/validation/extracted/keepalived');
const REAL = join(CORPUS, 'other__01-dokdev-keepalived-lvs-master.md.extracted.conf');
if (!existsSync(REAL) && process.env.CI === 'true')
  describe('field corpus keepalived.conf', () => {
    it('is present in CI', () => {
      throw new Error(`CI=true but ${REAL} is missing (../shared must be beside the clone)`);
    });
  });
describe.skipIf(!existsSync(REAL))(
  `field corpus keepalived.conf${existsSync(REAL) ? '' : ' (skipped: ../shared/field-corpus is not beside this clone)'}`,
  () => {
    it('is recognised as keepalived and gives what keepalived -t said about it (Truncating auth_pass, line 12)', () => {
      const text = readFileSync(REAL, 'utf8');
      expect(sniff(REAL, text).kind).toBe('unknown');
      expect(sniffRegistered(REAL, text)?.kind).toBe('keepalived');
      const r = parseKeepalived({ path: 'lb/keepalived.conf', text });
      expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([['keepalived/auth-pass-long', 12]]);
      expect(r.ast.instances[0]).toMatchObject({ state: 'MASTER', virtualRouterId: 33, priority: 100 });
      expect(r.ast.statements.map((s) => s.keyword)).toEqual(['vrrp_instance', 'virtual_server']);
    });
  },
);
