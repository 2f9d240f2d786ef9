// scripts/livekit.mjs: a LiveKit that cannot bind its port exits at once; it is started again,
// and the error says what LiveKit said.
import { readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";

describe("startLivekit", () => {
  const held: Server[] = [];
  afterAll(() => held.forEach((s) => s.close()));
  const hold = async () => {
    const port = await freeTcpPort();
    // Whatever holds it hangs up on each connection (LiveKit's readiness check fails at once).
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    held.push(server);
    return port;
  };

  it("on a port already taken: the error says what LiveKit said", async () => {
    const port = await hold();
    const error = await startLivekit({ port }).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(/exited at start: .*address already in use/s);
  });

  it("it is started three times, each attempt in the log file it was given", async () => {
    const port = await hold();
    const logFile = path.join(os.tmpdir(), `livekit-start-${process.pid}.log`);
    await expect(startLivekit({ port, logFile })).rejects.toThrow(`exited at start (see ${logFile})`);
    expect(readFileSync(logFile, "utf8").match(/address already in use/g)).toHaveLength(3);
    rmSync(logFile);
  });
});
