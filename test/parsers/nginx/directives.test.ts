import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, OUTPUT } from '../../../scripts/gen-nginx-directives';
import {
  analyzeDirective,
  ARG_BLOCK,
  ARG_FLAG,
  ARG_MORE,
  CTX,
  DIRECTIVE_RULES,
  editDistance,
  REFERENCE_LIB_VERSION,
  suggestDirective,
} from '../../../labs/core/parsers/nginx/index';

describe('directive table generated from @nginx/reference-lib', () => {
  it('directives.generated.ts is up to date with the installed package', async () => {
    const fresh = await generate();
    expect(readFileSync(OUTPUT, 'utf8')).toBe(fresh);
    const pkg = JSON.parse(readFileSync(require.resolve('@nginx/reference-lib/package.json'), 'utf8'));
    expect(REFERENCE_LIB_VERSION).toBe(pkg.version);
  });

  it('derives contexts and argument counts from the documented syntax', () => {
    const rule = (name: string) => DIRECTIVE_RULES[name];
    expect(rule('sendfile')).toEqual([
      [CTX.HTTP | CTX.HTTP_SERVER | CTX.HTTP_LOCATION | CTX.HTTP_LOCATION_IF, ARG_FLAG],
    ]);
    expect(rule('worker_connections')).toEqual([[CTX.EVENTS, 1 << 1]]);
    expect(rule('user')[0][1]).toBe((1 << 1) | (1 << 2));
    expect(rule('add_header')[0][1]).toBe((1 << 2) | (1 << 3));
    expect(rule('http')).toEqual([[CTX.MAIN, ARG_BLOCK | 1]]);
    expect(rule('location')[0][1]).toBe(ARG_BLOCK | (1 << 1) | (1 << 2));
    // "*`address`* [*`parameters`*]": any number of parameters
    const ups = rule('server').find((r) => r[0] & CTX.HTTP_UPSTREAM)!;
    expect(ups[1] & ARG_MORE).toBeTruthy();
    expect(ups[1] & 1).toBe(0);
    // `server` in an http module is http > server, in a stream module stream > server
    expect(rule('proxy_pass')[0][0] & CTX.STREAM_SERVER).toBeTruthy();
    expect(rule('proxy_pass')[0][0] & CTX.HTTP_SERVER).toBe(0);
    expect(rule('include')[0][0]).toBe(CTX.ALL);
    expect(Object.keys(DIRECTIVE_RULES).length).toBeGreaterThan(700);
  });
});

describe('analyzer', () => {
  it('follows crossplane: unknown directives and unknown blocks are not analysed unless strict', () => {
    expect(analyzeDirective('proxy_passs', ['x'], ';', 'http>location')).toBeUndefined();
    expect(analyzeDirective('proxy_passs', ['x'], ';', 'http>location', true)?.reason).toBe(
      'unknown directive "proxy_passs"',
    );
    expect(analyzeDirective('listen', [], ';', 'http>map')).toBeUndefined();
    expect(analyzeDirective('text/html', ['html', 'htm'], ';', 'http>types')).toBeUndefined();
    expect(analyzeDirective('text/html', [], ';', 'http>server>types')?.problem).toBe('invalid-args');
  });

  it('reasons', () => {
    expect(analyzeDirective('listen', ['80'], ';', 'http')?.reason).toBe('"listen" directive is not allowed here');
    expect(analyzeDirective('server', [], ';', 'http')?.reason).toBe('directive "server" has no opening "{"');
    expect(analyzeDirective('listen', ['80'], '{', 'http>server')?.reason).toBe(
      'directive "listen" is not terminated by ";"',
    );
    expect(analyzeDirective('user', [], ';', '')?.reason).toBe('invalid number of arguments in "user" directive');
    expect(analyzeDirective('sendfile', ['yes'], ';', 'http')?.reason).toBe(
      'invalid value "yes" in "sendfile" directive, it must be "on" or "off"',
    );
    expect(analyzeDirective('sendfile', ['ON'], ';', 'http')).toBeUndefined();
  });

  it('did-you-mean by edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggestDirective('proxy_passs')).toBe('proxy_pass');
    expect(suggestDirective('server_nmae')).toBe('server_name');
    expect(suggestDirective('Listen')).toBe('listen');
    expect(suggestDirective('completely_unrelated_thing')).toBeUndefined();
  });
});
