// Preloaded (`node --import`) into the services a test spawns, with stdin a pipe from the test
// runner: when the runner dies, even by SIGKILL, the pipe closes and the service stops itself with
// SIGTERM (its graceful shutdown), instead of living on and writing into the next run's database.
// Plain JavaScript so a child Node loads it without a build. See testing/src/exit-with-parent.ts.
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
// Watching the pipe must not keep a service alive that has finished on its own.
process.stdin.unref();
