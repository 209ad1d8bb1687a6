// Preloaded into the web server by memory.ts (with --expose-gc): a full garbage collection on
// SIGUSR2, so that resident memory is compared with garbage gone rather than wherever V8's
// heap sizing happens to stand. Nothing in the product uses this.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
});
