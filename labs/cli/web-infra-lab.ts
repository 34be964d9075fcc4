#!/usr/bin/env node
import { main } from '../node/main';

const controller = new AbortController();
let interrupted = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupted++;
    // First signal: let the running command clean up (stop servers, remove temp dirs). Second: give up.
    if (interrupted > 1) process.exit(130);
    controller.abort(new Error(`interrupted by ${sig}`));
  });
}

main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = interrupted ? 130 : code;
  },
  (err: unknown) => {
    process.stderr.write(`web-infra-lab: ${String(err)}\n`);
    process.exitCode = 2;
  },
);
