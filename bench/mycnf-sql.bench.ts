/**
 * my.cnf and replication-SQL parser throughput (MB/s) on large generated files at two sizes (the
 * cost should grow linearly), adversarial 10 MB inputs (each must finish under 1 s), and the
 * whole-process time of `web-infra-lab parse` on a 6 MB option file and SQL script.
 *
 *   npm run bench -- mycnf-sql
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseMyCnfText } from '../labs/core/parsers/mycnf';
import { parseSql } from '../labs/core/parsers/sql';

const MB = 1024 * 1024;

// A full garbage collection before each timed case, so one case's garbage is not billed to the next.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Best wall time and best CPU time (user + system of this process, GC threads included) in ms. */
function best(runs: number, fn: () => void): number {
  return bestBoth(runs, fn).wall;
}

function bestBoth(runs: number, fn: () => void): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall = Math.min(wall, performance.now() - t);
    const d = process.cpuUsage(c);
    cpu = Math.min(cpu, (d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

/**
 * Runs a child process under GNU time (`/usr/bin/time -f '%U %S %e'`) and returns its wall and CPU
 * (user + system) time in ms; throws when it exits with a status not in `ok`.
 */
function timedChild(args: string[], ok: number[] = [0]): { wall: number; cpu: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %e', process.execPath, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const wall = performance.now() - t;
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr ?? '');
  if (!m) throw new Error(`cannot read /usr/bin/time output: ${r.stderr}`);
  // GNU time reports the child's exit status in its own; read it back from a "Command exited" line, if any
  const exit = /Command exited with non-zero status (\d+)/.exec(r.stderr ?? '');
  const status = exit ? Number(exit[1]) : r.status;
  if (!ok.includes(status ?? -1)) throw new Error(`${args.join(' ')} exited ${status}`);
  return { wall, cpu: (Number(m[1]) + Number(m[2])) * 1000 };
}

function bestChild(runs: number, args: string[], ok?: number[]): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const r = timedChild(args, ok);
    wall = Math.min(wall, r.wall);
    cpu = Math.min(cpu, r.cpu);
  }
  return { wall, cpu };
}

const fmt = (ms: number) => ms.toFixed(0).padStart(6);

/** Blocks block(0), block(1)... joined, until there are at least `bytes` characters. */
function repeatBlocks(bytes: number, block: (i: number) => string): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const b = block(i);
    parts.push(b);
    n += b.length;
  }
  return parts.join('');
}

const mycnf = (bytes: number): string =>
  repeatBlocks(
    bytes,
    (i) =>
      `[mysqld-${i % 50}]\n# instance ${i}\nserver-id = ${i}\nbind-address = 10.0.${(i >> 8) & 255}.${i & 255}\nlog_bin = /var/log/mysql/mysql-bin-${i}.log\n` +
      `relay_log = "/var/log/mysql/relay ${i}.log" # quoted\nloose-innodb_buffer_pool_size = 128M\nskip-name-resolve\n\n`,
  );

const sql = (bytes: number): string =>
  repeatBlocks(
    bytes,
    (i) =>
      `-- replica ${i}\nCREATE USER IF NOT EXISTS 'repl${i}'@'10.0.0.%' IDENTIFIED BY 'pw''${i}';\n` +
      `GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl${i}'@'10.0.0.%';\n` +
      `CHANGE MASTER TO MASTER_HOST='10.0.0.21', MASTER_PORT=3306, MASTER_USER='repl${i}', MASTER_PASSWORD='x', MASTER_USE_GTID=slave_pos;\n` +
      `START SLAVE; /* comment ; here */ SET GLOBAL read_only = ON;\nINSERT INTO t VALUES (${i}, 'a;b', "c\\"d");\n`,
  );

function throughput(name: string, gen: (b: number) => string, parse: (t: string) => unknown): void {
  for (const size of [2 * MB, 8 * MB]) {
    const text = gen(size);
    parse(text); // warm-up
    collect();
    const { wall, cpu } = bestBoth(3, () => parse(text));
    const mbs = (ms: number) => (text.length / MB / (ms / 1000)).toFixed(1).padStart(6);
    console.log(
      `${name.padEnd(6)} ${(text.length / MB).toFixed(1).padStart(5)} MB  wall ${fmt(wall)} ms ${mbs(wall)} MB/s  cpu ${fmt(cpu)} ms ${mbs(cpu)} MB/s`,
    );
  }
}

function adversarial(name: string, text: string, parse: (t: string) => unknown): void {
  collect();
  const { wall, cpu } = bestBoth(1, () => parse(text));
  // Judged on CPU time: wall time on a loaded shared machine mostly measures the other processes.
  console.log(
    `adversarial ${name.padEnd(44)} ${(text.length / MB).toFixed(1).padStart(5)} MB  wall ${fmt(wall)} ms  cpu ${fmt(cpu)} ms  ${cpu < 1000 ? 'ok (< 1 s)' : 'SLOW (>= 1 s)'}`,
  );
  if (cpu >= 1000) process.exitCode = 1;
}

const TEN = 10 * MB;
const parseCnf = (t: string) => parseMyCnfText('my.cnf', t);
const parseS = (t: string) => parseSql('setup.sql', t);

// A fixed amount of work, so figures from a busy shared machine can be read in proportion.
const calib = best(3, () => {
  let x = 0;
  for (let i = 0; i < 5e7; i++) x = (x + i) | 0;
  if (x === 42) console.log('');
});
console.log(
  `calibration: 5e7-iteration loop ${calib.toFixed(0)} ms (an idle modern core: about 40 ms); os load average ${require('node:os').loadavg()[0].toFixed(1)}`,
);

console.log('throughput (best of 3, in-process):');
throughput('my.cnf', mycnf, parseCnf);
throughput('sql', sql, parseS);

console.log('\nadversarial inputs (one cold run each, after a full GC; judged on CPU time):');
adversarial(
  'my.cnf: one 10 MB quoted value with escapes',
  '[mysqld]\nx = "' + 'a\\"b#c\\\\'.repeat(TEN / 8) + '"\n',
  parseCnf,
);
adversarial('my.cnf: unclosed quote then 10 MB of #', "[mysqld]\nx = '" + '#'.repeat(TEN) + '\n', parseCnf);
adversarial('my.cnf: 1.3 million unclosed group headers', '[mysqld\n'.repeat(TEN / 8), parseCnf);
adversarial('my.cnf: 2.6 million repeated option lines', '[mysqld]\n' + 'a=1\n'.repeat(TEN / 4), parseCnf);
adversarial('my.cnf: 5.2 million bare options', '[mysqld]\n' + 'a\n'.repeat(TEN / 2), parseCnf);
adversarial('my.cnf: 2.6 million group headers', '[a]\n'.repeat(TEN / 4), parseCnf);
adversarial('my.cnf: 700,000 !include lines', '!include a.cnf\n'.repeat(Math.floor(TEN / 15)), parseCnf);
// (these stop at MAX_ENTRIES = 1,000,000 options, groups and directives, with mycnf/too-many-entries)
adversarial('my.cnf: 10 MB line of =', '[mysqld]\n' + '='.repeat(TEN) + '\n', parseCnf);
adversarial('sql: 10 MB unterminated string', "SELECT '" + "x\\'".repeat(TEN / 3), parseS);
adversarial('sql: 10 million ;', ';'.repeat(TEN), parseS);
adversarial('sql: 5 million nested parentheses', 'SELECT ' + '('.repeat(TEN / 2) + ')'.repeat(TEN / 2), parseS);
adversarial(
  'sql: CHANGE MASTER with 620,000 options',
  'CHANGE MASTER TO ' + "MASTER_HOST='h', ".repeat(TEN / 17),
  parseS,
);
adversarial(
  'sql: 1.2 million accounts in one GRANT',
  'GRANT SELECT ON *.* TO ' + "'u'@'h', ".repeat(TEN / 9) + "'u'@'h'",
  parseS,
);
adversarial('sql: 10 MB of /* unclosed comment', '/*' + ' '.repeat(TEN), parseS);

// Whole process: the compiled CLI on a 6 MB file (start-up, read, parse, JSON, one write).
const bin = join(__dirname, '..', 'dist', 'labs', 'cli', 'web-infra-lab.js');
if (existsSync(bin)) {
  const dir = mkdtempSync(join(tmpdir(), 'wil-bench-'));
  try {
    console.log(
      '\nwhole process (`web-infra-lab parse --kind K FILE > /dev/null`, best of 3; cpu = user + sys from /usr/bin/time):',
    );
    const ref = bestChild(3, ['-e', '0']);
    console.log(`${'node -e 0'.padEnd(13)}  wall ${fmt(ref.wall)} ms  cpu ${fmt(ref.cpu)} ms  (start-up reference)`);
    for (const [kind, gen, file] of [
      ['mycnf', mycnf, 'big.cnf'],
      ['sql', sql, 'big.sql'],
    ] as const) {
      const p = join(dir, file);
      writeFileSync(p, gen(6 * MB));
      const r = bestChild(3, [bin, 'parse', '--kind', kind, p], [0, 1]);
      console.log(`${kind.padEnd(6)} 6.0 MB  wall ${fmt(r.wall)} ms  cpu ${fmt(r.cpu)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('\n(dist/ not built: run `npm run bench`, which builds the CLI first, for whole-process times)');
}
