// Loaded with `node --import` into every server bench:presence starts (Bedside and the bare
// baseline alike). Over the bench's IPC channel it answers "reset" and "read": the server's own
// CPU time, garbage-collection pauses and event-loop delay since the last reset, so the report
// says what the server did during the fan-out rounds, apart from how busy the machine was.
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let gc = { count: 0, ms: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count += 1;
    gc.ms += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
  }
}).observe({ entryTypes: ["gc"] });
let cpuFrom = process.cpuUsage();

const ms = (ns) => Math.round(ns / 1e5) / 10;
process.on("message", (message) => {
  const cmd = message && typeof message === "object" ? message.probe : undefined;
  if (cmd === "reset") {
    loop.reset();
    gc = { count: 0, ms: 0, maxMs: 0 };
    cpuFrom = process.cpuUsage();
    // On the clock of V8's CPU profiles (--cpu-prof), to cut a profile to the rounds.
    process.send?.({ probe: "reset", monotonic_us: Number(process.hrtime.bigint() / 1000n) });
  } else if (cmd === "read") {
    const cpu = process.cpuUsage(cpuFrom);
    process.send?.({
      probe: "read",
      monotonic_us: Number(process.hrtime.bigint() / 1000n),
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      gc_count: gc.count,
      gc_ms: Math.round(gc.ms * 10) / 10,
      gc_max_ms: Math.round(gc.maxMs * 10) / 10,
      loop_delay_p99_ms: ms(loop.percentile(99)),
      loop_delay_max_ms: ms(loop.max),
    });
  }
});
// The channel must not keep a server alive that was told to stop.
process.channel?.unref();
