// The framework's job and inference processes talk to the worker over Node's IPC channel. When the
// worker goes (killed, or stopped while an utterance was being decoded), an answer sent afterwards
// has no channel: Node raises that send's error (ERR_IPC_CHANNEL_CLOSED) as an "error" event on
// `process`, which, with no listener, ends the process as an unhandled error. Nothing is left to
// answer then: the inference process closes its engines and exits; a job process (`close`
// undefined) goes on storing what it heard until the framework's orphan watchdog ends it.
import type { WorkerLog } from "./worker.log.js";

let guarded = false;

export function guardIpc(log: WorkerLog, close?: () => Promise<void>): void {
  if (guarded || !process.send) return;
  guarded = true;
  let leaving = false;
  const leave = (why: string) => {
    if (leaving || !close) return;
    leaving = true;
    log.warn({ why }, "the scribe worker is gone; this process exits");
    const done = () => process.exit(0);
    close().then(done, done);
    setTimeout(done, 5_000).unref();
  };
  process.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "ERR_IPC_CHANNEL_CLOSED") leave("IPC channel closed");
    // Not ours to judge: logged, as Node would have (without ending the process).
    else log.error({ err: err.message, code: err.code }, "process error");
  });
  process.once("disconnect", () => leave("IPC channel disconnected"));
}
