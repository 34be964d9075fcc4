/**
 * Standard output and error as plain synchronous file-descriptor writers.
 *
 * Reading `process.stdout` builds a stream object (and loads the net/tty/stream modules behind it), a
 * few milliseconds of a `check` run that otherwise takes about fifty. Node's stdout writes are
 * synchronous on Linux for files, pipes and terminals alike, so writing the bytes to the descriptor
 * with `fs.writeSync` keeps the same order and semantics: partial writes are continued, a
 * non-blocking descriptor that is full (EAGAIN) is waited on, and a closed pipe (EPIPE, e.g. `| head`)
 * ends the output quietly instead of crashing the run.
 */
import { writeSync } from 'node:fs';
import type { Writable } from './io';

export interface FdWriter extends Writable {
  write(chunk: string): boolean;
  /** Writes bytes as they are (no string round trip for large outputs). */
  writeBytes(bytes: Uint8Array): boolean;
  readonly isTTY: boolean;
}

let sleeper: Int32Array | undefined;
function pause(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}

export function fdWriter(fd: number): FdWriter {
  let closed = false;
  let tty: boolean | undefined;
  const writeAll = (bytes: Uint8Array): boolean => {
    let off = 0;
    let waits = 0;
    while (!closed && off < bytes.length) {
      try {
        off += writeSync(fd, bytes, off, bytes.length - off);
        waits = 0;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' && waits < 60_000) {
          waits++;
          pause(1);
        } else if (code === 'EPIPE' || code === 'EBADF') {
          closed = true;
        } else throw err;
      }
    }
    return !closed;
  };
  return {
    write(chunk: string): boolean {
      return chunk.length === 0 || writeAll(Buffer.from(chunk, 'utf8'));
    },
    writeBytes(bytes: Uint8Array): boolean {
      return writeAll(bytes);
    },
    get isTTY(): boolean {
      // node:tty (and the net module it needs) is loaded only when a command asks, e.g. to choose colours.
      return (tty ??= (require('node:tty') as typeof import('node:tty')).isatty(fd));
    },
  };
}
