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
import { parseMyCnfText } from '../labs/core/parsers/mycnf';
import { parseSql } from '../labs/core/parsers/sql';

const MB = 1024 * 1024;

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

function mycnf(bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  let i = 0;
  while (n < bytes) {
    const block =
      `[mysqld-${i % 50}]\n# instance ${i}\nserver-id = ${i}\nbind-address = 10.0.${(i >> 8) & 255}.${i & 255}\nlog_bin = /var/log/mysql/mysql-bin-${i}.log\n` +
      `relay_log = "/var/log/mysql/relay ${i}.log" # quoted\nloose-innodb_buffer_pool_size = 128M\nskip-name-resolve\n\n`;
    parts.push(block);
    n += block.length;
    i++;
  }
  return parts.join('');
}

function sql(bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  let i = 0;
  while (n < bytes) {
    const block =
      `-- replica ${i}\nCREATE USER IF NOT EXISTS 'repl${i}'@'10.0.0.%' IDENTIFIED BY 'pw''${i}';\n` +
      `GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl${i}'@'10.0.0.%';\n` +
      `CHANGE MASTER TO MASTER_HOST='10.0.0.21', MASTER_PORT=3306, MASTER_USER='repl${i}', MASTER_PASSWORD='x', MASTER_USE_GTID=slave_pos;\n` +
      `START SLAVE; /* comment ; here */ SET GLOBAL read_only = ON;\nINSERT INTO t VALUES (${i}, 'a;b', "c\\"d");\n`;
    parts.push(block);
    n += block.length;
    i++;
  }
  return parts.join('');
}

function throughput(name: string, gen: (b: number) => string, parse: (t: string) => unknown): void {
  for (const size of [2 * MB, 8 * MB]) {
    const text = gen(size);
    parse(text); // warm-up
    const ms = best(3, () => parse(text));
    console.log(`${name.padEnd(6)} ${(text.length / MB).toFixed(1).padStart(5)} MB  ${ms.toFixed(0).padStart(6)} ms  ${((text.length / MB) / (ms / 1000)).toFixed(1).padStart(6)} MB/s`);
  }
}

function adversarial(name: string, text: string, parse: (t: string) => unknown): void {
  const ms = best(1, () => parse(text));
  console.log(`adversarial ${name.padEnd(44)} ${(text.length / MB).toFixed(1).padStart(5)} MB  ${ms.toFixed(0).padStart(6)} ms  ${ms < 1000 ? 'ok (< 1 s)' : 'SLOW (>= 1 s)'}`);
  if (ms >= 1000) process.exitCode = 1;
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
console.log(`calibration: 5e7-iteration loop ${calib.toFixed(0)} ms (an idle modern core: about 40 ms); os load average ${require('node:os').loadavg()[0].toFixed(1)}`);

console.log('throughput (best of 3, in-process):');
throughput('my.cnf', mycnf, parseCnf);
throughput('sql', sql, parseS);

console.log('\nadversarial inputs:');
adversarial('my.cnf: one 10 MB quoted value with escapes', '[mysqld]\nx = "' + 'a\\"b#c\\\\'.repeat(TEN / 8) + '"\n', parseCnf);
adversarial('my.cnf: unclosed quote then 10 MB of #', '[mysqld]\nx = \'' + '#'.repeat(TEN) + '\n', parseCnf);
adversarial('my.cnf: 1.3 million unclosed group headers', '[mysqld\n'.repeat(TEN / 8), parseCnf);
adversarial('my.cnf: 2.6 million repeated option lines', '[mysqld]\n' + 'a=1\n'.repeat(TEN / 4), parseCnf);
adversarial('my.cnf: 10 MB line of =', '[mysqld]\n' + '='.repeat(TEN) + '\n', parseCnf);
adversarial('sql: 10 MB unterminated string', "SELECT '" + "x\\'".repeat(TEN / 3), parseS);
adversarial('sql: 10 million ;', ';'.repeat(TEN), parseS);
adversarial('sql: 5 million nested parentheses', 'SELECT ' + '('.repeat(TEN / 2) + ')'.repeat(TEN / 2), parseS);
adversarial('sql: CHANGE MASTER with 620,000 options', 'CHANGE MASTER TO ' + "MASTER_HOST='h', ".repeat(TEN / 17), parseS);
adversarial('sql: 1.2 million accounts in one GRANT', 'GRANT SELECT ON *.* TO ' + "'u'@'h', ".repeat(TEN / 9) + "'u'@'h'", parseS);
adversarial('sql: 10 MB of /* unclosed comment', '/*' + ' '.repeat(TEN), parseS);

// Whole process: the compiled CLI on a 6 MB file (start-up, read, parse, JSON, one write).
const bin = join(__dirname, '..', 'dist', 'labs', 'cli', 'web-infra-lab.js');
if (existsSync(bin)) {
  const dir = mkdtempSync(join(tmpdir(), 'wil-bench-'));
  try {
    console.log('\nwhole process (`web-infra-lab parse --kind K FILE > /dev/null`, best of 3):');
    for (const [kind, gen, file] of [
      ['mycnf', mycnf, 'big.cnf'],
      ['sql', sql, 'big.sql'],
    ] as const) {
      const p = join(dir, file);
      writeFileSync(p, gen(6 * MB));
      const ms = best(3, () => {
        const r = spawnSync(process.execPath, [bin, 'parse', '--kind', kind, p], { stdio: ['ignore', 'ignore', 'ignore'] });
        if (r.status !== 0 && r.status !== 1) throw new Error(`parse exited ${r.status}`);
      });
      console.log(`${kind.padEnd(6)} 6.0 MB  ${ms.toFixed(0).padStart(6)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('\n(dist/ not built: run `npm run bench`, which builds the CLI first, for whole-process times)');
}
