import check from '../../../labs/core/checks/nginx/valid-config';
import { run, solutionFiles } from '../checkTester';

const W1 = 'web-01/default';
const W2 = 'web-02/default';
const base = solutionFiles()[W1];
run(check, {
  valid: [
    { name: 'the reference solution (site files, read in the http context)' },
    { name: 'a whole nginx.conf', files: { [W1]: `events {}\nhttp {\n${base.replace(/^#.*\n/, '')}}\n` } },
    { name: 'false positive: a quoted brace and semicolon in an argument', files: { [W1]: base.replace('    index index.html;', '    index index.html;\n    return 200 "{;}";') } },
    { name: 'an include resolved inside the host folder', files: { [W1]: base.replace('    root /var/www/html;', '    include snippets/root.conf;'), 'web-01/snippets/root.conf': 'root /var/www/html;\n' } },
  ],
  invalid: [
    { name: 'unknown directive (typo)', files: { [W1]: base.replace('proxy_pass http', 'proxy_passs http') }, errors: [{ messageId: 'parse', file: W1, line: 18, column: 9 }] },
    { name: 'missing semicolon before a closing brace', files: { [W2]: base.replace('=404;', '=404') }, errors: [{ messageId: 'parse', file: W2, line: 13, column: 9 }] },
    { name: 'directive in the wrong context', files: { [W2]: base.replace('    server_name _;', '    server_name _;\n    worker_connections 10;') }, errors: [{ messageId: 'parse', file: W2, line: 5, column: 5 }] },
    { name: 'no config on web-02', remove: [W2], errors: [{ messageId: 'not-found' }] },
  ],
});
