import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths';

/** What a command needs from the outside world, passed in so that tests can run commands in-process. */
export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Writable;
  stderr: Writable;
  /** Lets long-running commands (live mode, grading) stop cleanly on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** A usage or input error: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export const TOOL_NAME = 'web-infra-lab';
// The version is read once from package.json at the project root (sources and dist alike).
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;
