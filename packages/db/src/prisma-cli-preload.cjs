// Loaded into the Prisma CLI process only (see prisma-cli.ts). The wasm schema engine arms a
// 10 s timer during `migrate deploy` that it never clears, so the CLI lingers 10 s after its
// work is done. Unref'ing long timers lets the process exit when nothing else (a socket, a
// pending query) keeps it alive. Measured: migrate deploy 11.2 s -> 1.0 s.
const setTimeoutOriginal = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const timer = setTimeoutOriginal.call(this, fn, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
};
