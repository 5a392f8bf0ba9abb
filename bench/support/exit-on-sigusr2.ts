// Preloaded (--import) into a server started with BENCH_CPU_PROF_DIR set: SIGUSR2 makes it exit
// normally, so that --cpu-prof writes its profile (a process killed by a signal writes none).
process.on('SIGUSR2', () => process.exit(0));
export {};
