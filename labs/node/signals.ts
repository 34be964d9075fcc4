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
