/**
 * The first rule, as a property of the engine: a correct answer stays correct however the learner delivers
 * it. Each lab's reference solution, with one of its configuration files rewritten into each of the forms
 * real learners use (a quoted heredoc through `sudo tee`, an unquoted one with its `$` escaped or with
 * `$(hostname)`, a `sudo su <<EOF` block, `printf` lines, `echo -e`, `echo >>` line by line, a temporary file
 * then `mv`, `<<-EOF`, `sudo bash -c`, a pasted prompt, the server's folder path, CRLF line ends, no final
 * newline, trailing blanks), must get the verdicts the plain solution gets, check by check (the argued
 * exceptions are EXPECTED and ALLOWED). So must the same answer on the learner's own addresses, and with
 * host folders named as learners name them. A change of status is a false fail (or a false pass) that only
 * the delivery caused.
 */
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { solutionFiles } from '../checks/checkTester';
import { DELIVERIES, INSTALLED, statusOf } from './deliveries';

/**
 * Deliveries that rightly change a verdict. HAProxy 2.6 refuses a configuration whose last line has no
 * LF (`haproxy -c`: "Missing LF on last line, file might have been truncated", a fatal error), so the static
 * check fails it as the real tool does. Through a script the file gets its newline back.
 */
const EXPECTED: Record<string, string[]> = {
  'haproxy.cfg no final newline': ['haproxy/valid-config: pass -> fail'],
};
/** Changes a delivery may make (or not): the checker's reader of that kind names pasted prompt lines in a
 * warning (points kept: the server would refuse them, the rest is checked as the configuration it is). */
const ALLOWED: Record<string, string[]> = {
  'pasted from a terminal: prompt, cat, prompt': ['submission/files-recognised: pass -> warn'],
};

function verdicts(labId: string, files: Record<string, string>): Record<string, string> {
  const r = checkSubmission({
    tree: new MemoryTree(files),
    submission: 'x',
    lab: loadLab(labId),
    includeHidden: true,
    strict: true,
  });
  return statusOf(r.checks.filter((c) => c.id !== 'submission/scripts-reconstructed'));
}

/** The checks whose status differs, with what the changed one says. */
function changes(plain: Record<string, string>, got: Record<string, string>): string[] {
  return Object.keys(plain)
    .filter((id) => got[id].split(' (')[0] !== plain[id].split(' (')[0])
    .map((id) => `${id}: ${plain[id]} -> ${got[id]}`);
}

const LABS = ['distributed-web', 'secured-monitored', 'no-spof'];

describe.each(LABS)('lab %s: a correct answer keeps its verdicts however it is delivered', (labId) => {
  const solution = solutionFiles(labId);
  const plain = verdicts(labId, solution);
  const configs = Object.keys(solution).filter((f) => INSTALLED[f.split('/').pop()!]);
  const cases = configs.flatMap((file) => Object.keys(DELIVERIES).map((how) => ({ file, how })));

  it('the plain solution passes its checks (the baseline)', () => {
    expect(Object.values(plain).filter((s) => /^(fail|error)/.test(s))).toEqual([]);
    expect(configs.length).toBeGreaterThan(4);
  });

  it.each(cases)('$file as "$how"', ({ file, how }) => {
    const d = DELIVERIES[how](solution[file], INSTALLED[file.split('/').pop()!]);
    const host = file.split('/').slice(0, -1).join('/');
    const files = { ...solution };
    delete files[file];
    files[`${host}/${d.name}`] = d.text;
    const got = verdicts(labId, files);
    const changed = Object.keys(plain)
      .filter((id) => got[id].split(' (')[0] !== plain[id].split(' (')[0])
      .map((id) => `${id}: ${plain[id]} -> ${got[id].split(' (')[0]}`);
    const why = Object.keys(plain)
      .filter((id) => got[id] !== plain[id])
      .map((id) => `${id}: ${got[id]}`)
      .join('\n');
    const allowed = ALLOWED[how] ?? [];
    expect(
      changed.filter((c) => !allowed.includes(c)),
      why,
    ).toEqual(EXPECTED[`${file.split('/').pop()} ${how}`] ?? []);
  });
});

/**
 * The inventory is the learner's: the same solution on the learner's own servers (every lab address
 * replaced by a public one, in every file, the VIP included) gets the same verdicts, with its
 * inventory.yaml saying so, and without one (the addresses then come from the files themselves).
 */
describe.each(LABS)("lab %s: the same answer on the learner's own addresses", (labId) => {
  const solution = solutionFiles(labId);
  const plain = verdicts(labId, solution);
  // 10.0.0.N -> 203.0.113.N+100 (TEST-NET-3), whole addresses only (10.0.0.1 is not inside 10.0.0.10)
  const own = (text: string) =>
    text.replace(/\b10\.0\.0\.(\d{1,3})\b/g, (_, n: string) => `203.0.113.${Number(n) + 100}`);
  const moved = Object.fromEntries(Object.entries(solution).map(([f, t]) => [f, own(t)]));

  it.each([
    { name: 'with its inventory.yaml', files: moved },
    {
      name: 'without inventory.yaml',
      files: Object.fromEntries(Object.entries(moved).filter(([f]) => f !== 'inventory.yaml')),
    },
  ])('$name', ({ files }) => {
    expect(Object.values(files).join('\n')).not.toMatch(/\b10\.0\.0\.\d/);
    const got = verdicts(labId, files);
    expect(changes(plain, got)).toEqual([]);
  });
});

describe.each(LABS)('lab %s: host folders named as learners name them', (labId) => {
  const solution = solutionFiles(labId);
  const plain = verdicts(labId, solution);
  it.each([
    { how: 'underscores (web_01)', rename: (h: string) => h.replace(/-/g, '_') },
    { how: 'capitals (WEB-01)', rename: (h: string) => h.toUpperCase() },
  ])('$how', ({ rename }) => {
    const files = Object.fromEntries(
      Object.entries(solution).map(([f, t]) => {
        const i = f.indexOf('/');
        return [i < 0 ? f : `${rename(f.slice(0, i))}${f.slice(i)}`, t];
      }),
    );
    const got = verdicts(labId, files);
    expect(changes(plain, got)).toEqual([]);
  });
});

/** SQL run the ways learners run it: a heredoc into `mysql`, and one `mysql -e` per statement. */
const SQL_DELIVERIES: Record<string, (sql: string) => string> = {
  "sudo mysql <<'EOF'": (sql) =>
    `#!/bin/bash\nsudo mysql -u root <<'EOF'\n${sql.endsWith('\n') ? sql : `${sql}\n`}EOF\n`,
  'one sudo mysql -e per statement': (sql) =>
    `#!/bin/bash\n${sql
      .replace(/--.*$/gm, '')
      .split(';')
      .map((st) => st.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .map((st) => `sudo mysql -uroot -e "${st.replace(/(["$`\\])/g, '\\$1')};"`)
      .join('\n')}\n`,
};

describe.each(LABS)('lab %s: the SQL run from a script', (labId) => {
  const solution = solutionFiles(labId);
  const plain = verdicts(labId, solution);
  const sqls = Object.keys(solution).filter((f) => f.endsWith('.sql'));
  it.each(sqls.flatMap((file) => Object.keys(SQL_DELIVERIES).map((how) => ({ file, how }))))(
    '$file as "$how"',
    ({ file, how }) => {
      const files = { ...solution };
      delete files[file];
      files[file.replace(/[^/]+$/, 'mysql-setup.sh')] = SQL_DELIVERIES[how](solution[file]);
      expect(changes(plain, verdicts(labId, files))).toEqual([]);
    },
  );
});
