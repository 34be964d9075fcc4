/**
 * An `if` the script's own files decide on a fresh machine takes its branch alone: the idempotency guards real
 * scripts use (`if ! grep -q ... FILE; then append; else rewrite; fi`, `[ -f FILE ]`). Before, every branch was
 * read, so a guarded append and its rewrite both landed (a real install script got its frontend and backend
 * twice, and haproxy -c refused the duplicate names). A condition nothing decides still reads every branch.
 */
import { describe, expect, it } from 'vitest';
import { DEBIAN12_STOCK, reconstructScript } from '../../../labs/core/parsers/shell/index';

const CFG = '/etc/haproxy/haproxy.cfg';
const text = (script: string, target = CFG) =>
  reconstructScript('lb-01/s.sh', script).files.find((f) => f.target === target)?.text;
const BLOCK = 'frontend www\n    bind *:80\n    default_backend web\n';

describe('conditions the files decide', () => {
  it('`if ! grep -q` on the stock haproxy.cfg: only the append runs', () => {
    const script = `#!/bin/bash\nif ! grep -q "frontend www" ${CFG}; then\n  cat >> ${CFG} <<'EOF'\n${BLOCK}EOF\nelse\n  sed -i '/frontend www/,$d' ${CFG}\n  cat >> ${CFG} <<'EOF'\n${BLOCK}EOF\nfi\n`;
    expect(text(script)).toBe(DEBIAN12_STOCK[CFG]!.text + BLOCK);
  });

  it('`if grep -qF` on a file the script wrote: the else branch alone', () => {
    const script = `printf 'server {\\n}\\n' > /etc/nginx/sites-available/x\nif grep -qF "add_header" /etc/nginx/sites-available/x; then\n  echo one >> /tmp/out\nelse\n  echo two >> /tmp/out\nfi\n`;
    expect(text(script, '/tmp/out')).toBe('two\n');
  });

  it('`[ -f ]`, `[ ! -f ]`, `test -e` and elif', () => {
    const script = `if [ ! -f ${CFG} ]; then echo a > /tmp/o; elif test -e /etc/nginx/nginx.conf; then echo b > /tmp/o; else echo c > /tmp/o; fi\n`;
    expect(text(script, '/tmp/o')).toBe('b\n');
    // a file neither the script nor the distribution holds may still be on the machine: not decided
    expect(text(`if [ -f /etc/nothing/here ]; then echo a > /tmp/o; fi\n`, '/tmp/o')).toBe('a\n');
  });

  it('a condition nothing decides reads every branch, as before', () => {
    const script = `if [ "$1" = again ]; then echo a >> /tmp/o; else echo b >> /tmp/o; fi\n`;
    expect(text(script, '/tmp/o')).toBe('a\nb\n');
    const unknown = `cp "$SRC" /etc/app.conf\nif grep -q x /etc/app.conf; then echo a >> /tmp/o; else echo b >> /tmp/o; fi\n`;
    expect(text(unknown, '/tmp/o')).toBe('a\nb\n');
    const subst = `if grep -q "$(hostname)" ${CFG}; then echo a >> /tmp/o; else echo b >> /tmp/o; fi\n`;
    expect(text(subst, '/tmp/o')).toBe('a\nb\n');
  });
});
