#!/usr/bin/env node
import { main } from '../node/main';
import { abortOnSignals } from '../node/signals';

const { signal, interrupted } = abortOnSignals();

main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal,
}).then(
  (code) => {
    process.exitCode = interrupted() ? 130 : code;
  },
  (err: unknown) => {
    process.stderr.write(`web-infra-lab: ${String(err)}\n`);
    process.exitCode = 2;
  },
);
