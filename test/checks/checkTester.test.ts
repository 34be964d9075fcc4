/** The check tester's own rules: duplicate cases are refused before any test is registered. */
import { describe, expect, it } from 'vitest';
import check from '../../labs/core/checks/haproxy/timeouts';
import { run } from './checkTester';

describe('checkTester.run', () => {
  it('refuses two cases with the same name', () => {
    expect(() =>
      run(check, {
        valid: [{ name: 'a', base: 'solution' }],
        invalid: [{ name: 'a', base: 'solution', remove: ['lb-01/haproxy.cfg'], errors: [] }],
      }),
    ).toThrow(/two cases are named 'a'/);
  });
  it('refuses two cases with the same input, whatever their names', () => {
    const files = { 'lb-01/haproxy.cfg': 'defaults\n' };
    expect(() =>
      run(check, {
        valid: [],
        invalid: [
          { name: 'one', base: 'solution', files, errors: [] },
          { name: 'two', base: 'solution', files: { ...files }, errors: [] },
        ],
      }),
    ).toThrow(/cases 'one' and 'two' have the same input/);
  });
});
