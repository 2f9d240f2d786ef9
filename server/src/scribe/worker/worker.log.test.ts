import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { logger } from "./worker.log.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split("\n"))
        if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe("the scribe worker's log", () => {
  it("writes one JSON line per event with a named level, the process and the worker's fields", () => {
    const { lines, stream } = capture();
    const log = logger({ role: "scribe-worker", worker: "ab12cd34" }, stream);
    log.warn({ visitId: "v1", err: "database unreachable" }, "scribe consent refresh failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "warn",
      pid: process.pid,
      role: "scribe-worker",
      worker: "ab12cd34",
      visitId: "v1",
      err: "database unreachable",
      msg: "scribe consent refresh failed",
    });
    expect(typeof lines[0]!.time).toBe("number");
  });

  it("never writes what was said or who said it, even when a caller passes it", () => {
    const { lines, stream } = capture();
    const log = logger({ role: "scribe-job" }, stream);
    const said = "I take forty milligrams of furosemide";
    log.info(
      { visitId: "v1", text: said, displayName: "Pat Doe", segment: { text: said, name: "Pat Doe" } },
      "scribe segment",
    );
    const written = JSON.stringify(lines);
    expect(written).not.toContain("furosemide");
    expect(written).not.toContain("Pat Doe");
    expect(lines[0]).toMatchObject({ visitId: "v1", text: "[redacted]", segment: { text: "[redacted]" } });
  });
});
