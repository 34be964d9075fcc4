// The HAProxy queries checks ask (model/haproxy.ts): port-80 frontends, their backends, balance, servers, timeouts.
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../labs/core/parsers/haproxy';
import {
  backendRefs,
  defaultServerOptions,
  defaultsFor,
  effective,
  findSections,
  frontendsOnPort,
  getBalance,
  getMode,
  getTimeout,
  lastLine,
  linesOf,
  parseAddress,
  parseBindAddresses,
  parseServer,
  parseTime,
  sectionByName,
  serversOf,
  webBackend,
} from '../../labs/core/model/haproxy';

const LAB = `global
    log /dev/log local0

defaults
    mode http
    timeout connect 5000
    timeout client  50s
    timeout server  1m

frontend stats
    bind 127.0.0.1:8404
    default_backend nothing

frontend www-http
    bind *:80
    bind [::]:80
    acl is_api path_beg /api
    use_backend api if is_api
    default_backend web-backend

backend web-backend
    balance roundrobin
    timeout server 30s
    server web-01 10.0.0.11:80 check
    server web-02 10.0.0.12:80 check backup weight 10
    server web-03 web3.internal:8080 check no-check

defaults tcpish
    mode tcp
    timeout connect 2s

backend api
    server api1 10.0.1.1:9000

listen legacy from tcpish
    bind :8000-8010,:443
    server l1 10.0.2.1
`;

describe('haproxy queries on a lab-style config', () => {
  const { ast, diagnostics } = parseHaproxy('lb-01/haproxy.cfg', LAB);

  it('parses cleanly', () => {
    expect(diagnostics).toEqual([]);
  });

  it('finds sections by type and name', () => {
    expect(findSections(ast, 'frontend').map((s) => s.name)).toEqual(['stats', 'www-http']);
    expect(findSections(ast, ['backend', 'listen']).map((s) => s.name)).toEqual(['web-backend', 'api', 'legacy']);
    expect(sectionByName(ast, 'api')?.type).toBe('backend');
    expect(sectionByName(ast, 'api', 'frontend')).toBeUndefined();
    expect(sectionByName(ast, 'nope')).toBeUndefined();
  });

  it('finds the frontend binding port 80, with the bind line and address', () => {
    const hits = frontendsOnPort(ast, 80, { every: true });
    expect(hits.map((h) => [h.section.name, h.bind.line, h.address.host, h.address.family])).toEqual([
      ['www-http', 15, '*', 'any'],
      ['www-http', 16, '::', 'ipv6'],
    ]);
    // without `every`, the first of each section
    expect(frontendsOnPort(ast, 80).map((h) => [h.section.name, h.bind.line])).toEqual([['www-http', 15]]);
    // port ranges and comma lists count
    expect(frontendsOnPort(ast, 8005).map((h) => h.section.name)).toEqual(['legacy']);
    expect(frontendsOnPort(ast, 443).map((h) => h.section.name)).toEqual(['legacy']);
    expect(frontendsOnPort(ast, 81)).toEqual([]);
  });

  it('follows use_backend and default_backend to their sections', () => {
    const fe = sectionByName(ast, 'www-http', 'frontend')!;
    const refs = backendRefs(ast, fe);
    expect(refs.map((r) => [r.kind, r.name, r.target?.name, r.condition, r.line.line])).toEqual([
      ['use_backend', 'api', 'api', ['if', 'is_api'], 18],
      ['default_backend', 'web-backend', 'web-backend', undefined, 19],
    ]);
    const stats = sectionByName(ast, 'stats', 'frontend')!;
    expect(backendRefs(ast, stats)[0]).toMatchObject({ name: 'nothing', target: undefined });
  });

  it('reads balance, mode and servers of a backend', () => {
    const be = sectionByName(ast, 'web-backend', 'backend')!;
    expect(getBalance(ast, be)).toMatchObject({ value: 'roundrobin', inherited: false, line: { line: 22 } });
    expect(getBalance(ast, sectionByName(ast, 'api')!)).toBeUndefined();
    expect(getMode(ast, be)).toMatchObject({
      value: 'http',
      inherited: true,
      section: { type: 'defaults', name: undefined },
    });
    const servers = serversOf(be);
    expect(servers.map((s) => [s.name, s.address, s.port, s.check, s.backup, s.weight ?? null])).toEqual([
      ['web-01', '10.0.0.11', 80, true, false, null],
      ['web-02', '10.0.0.12', 80, true, true, 10],
      ['web-03', 'web3.internal', 8080, false, false, null],
    ]);
    expect(servers[2].target?.family).toBe('hostname');
    expect(servers[1].settings.find((o) => o.name === 'weight')).toMatchObject({ value: '10', span: { line: 25 } });
  });

  it('resolves timeouts from the section or its defaults, in ms', () => {
    const be = sectionByName(ast, 'web-backend')!;
    expect(getTimeout(ast, be, 'server')).toMatchObject({ value: 30_000, raw: '30s', inherited: false });
    expect(getTimeout(ast, be, 'connect')).toMatchObject({
      value: 5000,
      raw: '5000',
      inherited: true,
      line: { line: 6 },
    });
    expect(getTimeout(ast, be, 'client')).toMatchObject({ value: 50_000 });
    expect(getTimeout(ast, be, 'queue')).toBeUndefined();
    // a later defaults section applies to the proxies after it
    const api = sectionByName(ast, 'api')!;
    expect(defaultsFor(ast, api)?.name).toBe('tcpish');
    expect(getTimeout(ast, api, 'connect')).toMatchObject({ value: 2000 });
    expect(getTimeout(ast, api, 'server')).toBeUndefined(); // tcpish has no `from`, so no chain
    expect(getMode(ast, api)?.value).toBe('tcp');
  });

  it('applies `from NAME` over position', () => {
    const { ast: a } = parseHaproxy(
      'x.cfg',
      'defaults one\n    timeout connect 1s\ndefaults two\n    timeout connect 2s\nbackend b from one\n    server s 1.2.3.4:80\nbackend c\n    server s 1.2.3.4:80\n',
    );
    expect(getTimeout(a, sectionByName(a, 'b')!, 'connect')?.value).toBe(1000);
    expect(getTimeout(a, sectionByName(a, 'c')!, 'connect')?.value).toBe(2000);
    expect(defaultsFor(a, sectionByName(a, 'two', 'defaults')!)).toBeUndefined();
  });

  it('linesOf matches multi-word keywords; lastLine skips prefixed lines', () => {
    const { ast: a } = parseHaproxy(
      'x.cfg',
      'defaults\n    option httplog\n    option http-server-close\n    no option http-server-close\n',
    );
    const d = a.sections[0];
    expect(linesOf(d, 'option http-server-close', { prefixed: true }).map((l) => [l.line, l.prefix])).toEqual([
      [3, undefined],
      [4, 'no'],
    ]);
    expect(lastLine(d, 'option http-server-close')?.line).toBe(3);
    expect(linesOf(d, 'option', { prefixed: true }).length).toBe(3);
    expect(linesOf(d, 'option').length).toBe(2);
  });
});

describe('serversOf with default-server', () => {
  it('applies default-server from the defaults chain and earlier lines of the section', () => {
    const { ast, diagnostics } = parseHaproxy(
      'x.cfg',
      [
        'defaults base',
        '    default-server inter 3s weight 5',
        'defaults web from base',
        '    default-server check',
        'backend b',
        '    server a 10.0.0.1:80',
        '    default-server backup',
        '    server b 10.0.0.2:80 no-check weight 7',
        '    server c 10.0.0.3:80',
        '',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    const be = sectionByName(ast, 'b')!;
    const withCfg = serversOf(be, ast);
    expect(withCfg.map((s) => [s.name, s.check, s.backup, s.weight])).toEqual([
      ['a', true, false, 5],
      ['b', false, true, 7],
      ['c', true, true, 5],
    ]);
    expect(withCfg[0].inherited.map((o) => o.name)).toEqual(['inter', 'weight', 'check']);
    // without the config, only the line itself counts
    expect(serversOf(be).map((s) => [s.name, s.check, s.backup])).toEqual([
      ['a', false, false],
      ['b', false, false],
      ['c', false, false],
    ]);
  });
});

describe('parseAddress / parseBindAddresses', () => {
  it.each([
    ['*:80', { host: '*', port: 80, family: 'any', wildcard: true }],
    [':80', { host: '', port: 80, family: 'any', wildcard: true }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80, family: 'ipv4', wildcard: true }],
    ['[::]:80', { host: '::', port: 80, family: 'ipv6', wildcard: true }],
    [':::80', { host: '::', port: 80, family: 'ipv6', wildcard: true }],
    ['ipv4@1.2.3.4:80', { prefix: 'ipv4', host: '1.2.3.4', port: 80, family: 'ipv4' }],
    ['ipv6@::1:8080', { prefix: 'ipv6', host: '::1', port: 8080, family: 'ipv6' }],
    ['unix@/run/haproxy.sock', { prefix: 'unix', host: '/run/haproxy.sock', family: 'unix' }],
    ['/run/x.sock', { host: '/run/x.sock', family: 'unix' }],
    ['abns@frontend', { host: 'frontend', family: 'abns' }],
    ['fd@3', { prefix: 'fd', host: '3', family: 'fd' }],
    [':8000-8010', { port: 8000, portRange: { from: 8000, to: 8010 }, family: 'any' }],
    ['10.0.0.1:+1', { host: '10.0.0.1', portOffset: 1 }],
    ['10.0.0.1', { host: '10.0.0.1', family: 'ipv4' }],
    ['web1.example:8080', { host: 'web1.example', port: 8080, family: 'hostname' }],
    ['10.0.0.1:http', { family: 'unknown' }],
  ])('%s', (raw, want) => {
    const a = parseAddress(raw);
    expect(a).toMatchObject({ raw, ...want });
    if (!('port' in want)) expect(a.port).toBeUndefined();
  });

  it('splits comma lists', () => {
    expect(parseBindAddresses(':80,:8080').map((a) => a.port)).toEqual([80, 8080]);
    expect(parseBindAddresses('1.2.3.4:80,[::1]:81').map((a) => [a.host, a.port])).toEqual([
      ['1.2.3.4', 80],
      ['::1', 81],
    ]);
  });
});

describe('parseServer', () => {
  const line = (t: string) => parseHaproxy('x.cfg', `backend b\n    ${t}\n`).ast.sections[0].lines[0];
  it('reads name, address, flags and valued options', () => {
    const s = parseServer(line('server s1 10.0.0.1:8080 check inter 2s rise 3 backup cookie s1 disabled'));
    expect(s).toMatchObject({ name: 's1', address: '10.0.0.1', port: 8080, check: true, backup: true, disabled: true });
    expect(s.settings.map((o) => [o.name, o.value])).toEqual([
      ['check', undefined],
      ['inter', '2s'],
      ['rise', '3'],
      ['backup', undefined],
      ['cookie', 's1'],
      ['disabled', undefined],
    ]);
  });
  it('handles default-server and server-template', () => {
    const d = parseServer(line('default-server check inter 3s'));
    expect(d).toMatchObject({ name: '', check: true });
    expect(d.address).toBeUndefined();
    expect(parseServer(line('server-template web 1-3 web.local:80 check'))).toMatchObject({
      name: 'web',
      address: 'web.local',
      port: 80,
    });
  });
  it('a server without address', () => {
    const s = parseServer(line('server lonely'));
    expect(s).toMatchObject({ name: 'lonely', check: false });
    expect(s.address).toBeUndefined();
  });
});

describe('parseTime', () => {
  it.each([
    ['5s', 5000],
    ['500ms', 500],
    ['1m', 60_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['100', 100],
    ['1500us', 1.5],
    // haproxy reads digits and one unit, and ignores the rest (checked with haproxy -c 2.6)
    ['1m30s', 60_000],
    ['5sx', 5000],
    ['0', 0],
  ])('%s = %d ms', (t, ms) => {
    expect(parseTime(t)).toBe(ms);
  });
  it.each(['', '5 s', 's', '-1s', '1.5s', '10x', '5S', '5u', 'x5'])('rejects %j', (t) => {
    expect(parseTime(t)).toBeUndefined();
  });
});

describe('the semantics kept from both former homes', () => {
  const parse = (lines: string[]) => {
    const { ast, diagnostics } = parseHaproxy('x.cfg', [...lines, ''].join('\n'));
    return { ast, diagnostics };
  };

  it('effective follows the defaults chain (`from`) and keeps `no option X` as negated', () => {
    const { ast } = parse([
      'defaults base',
      '    option forwardfor',
      '    timeout connect 4s',
      'defaults web from base',
      '    mode http',
      'backend b',
      '    no option forwardfor',
      '    server s 10.0.0.1:80',
    ]);
    const b = sectionByName(ast, 'b')!;
    expect(effective(ast, b, 'timeout', 'connect')).toMatchObject({
      inherited: true,
      negated: false,
      section: { name: 'base' },
    });
    expect(effective(ast, b, 'timeout connect')?.line.line).toBe(3);
    expect(effective(ast, b, 'option', 'forwardfor')).toMatchObject({ negated: true, inherited: false });
    expect(getTimeout(ast, b, 'connect')?.value).toBe(4000);
  });

  it('`from NAME` names a defaults section defined before the section only', () => {
    const { ast } = parse([
      'defaults one',
      '    timeout connect 1s',
      'backend b from two',
      '    server s 10.0.0.1:80',
      'defaults two',
      '    timeout connect 2s',
    ]);
    expect(defaultsFor(ast, sectionByName(ast, 'b')!)).toBeUndefined();
    expect(getTimeout(ast, sectionByName(ast, 'b')!, 'connect')).toBeUndefined();
  });

  it('sections and lines of skipped `.if` blocks are ignored', () => {
    const { ast } = parse([
      'frontend fe',
      '    bind :8080',
      '    default_backend a',
      '.if version_atleast(9.0)',
      '    bind :80',
      'backend b',
      '    server s2 10.0.0.2:80',
      '.endif',
      'backend a',
      '    server s1 10.0.0.1:80',
      '.if version_atleast(9.0)',
      '    server s3 10.0.0.3:80',
      '.endif',
    ]);
    expect(frontendsOnPort(ast, 80)).toEqual([]);
    expect(sectionByName(ast, 'b')).toBeUndefined();
    expect(findSections(ast, 'backend', { includeInactive: true }).map((s) => s.name)).toEqual(['b', 'a']);
    expect(serversOf(sectionByName(ast, 'a')!).map((s) => s.name)).toEqual(['s1']);
    expect(webBackend(ast, 8080)?.section.name).toBe('a');
  });

  it('a server keyword where the address should be means no address; default-server applies to the servers after it', () => {
    const { ast } = parse([
      'defaults',
      '    default-server inter 2s',
      'backend b',
      '    server a check',
      '    default-server check',
      '    server c 10.0.0.3:80',
    ]);
    const b = sectionByName(ast, 'b')!;
    const [a, c] = serversOf(b, ast);
    expect(a).toMatchObject({ name: 'a', options: ['check'], check: true, portInherited: true });
    expect(a.address).toBeUndefined();
    expect(c).toMatchObject({ name: 'c', address: '10.0.0.3', port: 80, check: true });
    expect(serversOf(b, ast).map((s) => s.inherited.map((o) => o.name))).toEqual([['inter'], ['inter', 'check']]);
    expect(defaultServerOptions(ast, b)).toEqual(['inter', '2s', 'check']);
  });
});
