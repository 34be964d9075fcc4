/**
 * The CLI's entry: runs `main` on the process's arguments with SIGINT/SIGTERM wired to an AbortSignal.
 * The bin (web-infra-lab.ts) loads this from the one-file bundle (dist/labs/node/cli.bundle.js), or
 * from the compiled modules when no bundle was built.
 */
import { main } from '../node/main';
import { abortOnSignals } from '../node/signals';
import { fdWriter } from '../node/stdio';

const { signal, interrupted } = abortOnSignals();

main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: fdWriter(1),
  stderr: fdWriter(2),
  signal,
}).then(
  (code) => {
    process.exitCode = interrupted() ? 130 : code;
  },
  (err: unknown) => {
    fdWriter(2).write(`web-infra-lab: ${String(err)}\n`);
    process.exitCode = 2;
  },
);
