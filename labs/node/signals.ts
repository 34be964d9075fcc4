/**
 * SIGINT/SIGTERM as an AbortSignal: the first signal asks the running command to clean up (stop
 * servers, remove temp dirs); a second one gives up at once with exit status 130.
 */
export function abortOnSignals(): { signal: AbortSignal; interrupted: () => boolean } {
  const controller = new AbortController();
  let count = 0;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      count++;
      if (count > 1) process.exit(130);
      controller.abort(new Error(`interrupted by ${sig}`));
    });
  }
  return { signal: controller.signal, interrupted: () => count > 0 };
}

/**
 * Runs synchronous work with SIGINT and SIGTERM at their default action (issue 12: signals honoured
 * throughout): a handler cannot run while the main thread computes, so Ctrl-C there would wait for the
 * work to end. Used only where nothing needs cleaning up (reading and checking files; no tool or server
 * runs), so the default action, ending the process at once, loses nothing. The handlers come back after.
 */
export function defaultSignalsDuring<T>(fn: () => T): T {
  const saved = (['SIGINT', 'SIGTERM'] as const).map((s) => [s, process.listeners(s)] as const);
  for (const [s, ls] of saved) for (const l of ls) process.removeListener(s, l);
  try {
    return fn();
  } finally {
    for (const [s, ls] of saved) for (const l of ls) process.on(s, l);
  }
}
