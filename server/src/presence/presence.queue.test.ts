import Fastify from "fastify";
import { Server } from "socket.io";
import { describe, expect, it } from "vitest";
import type { SocketServer } from "../socket/socket.server.js";
import { createQueue } from "./presence.queue.js";

describe("the clinician's queue read model", () => {
  // Not attached to any HTTP server: nothing to close.
  const io = new Server() as SocketServer;

  /** A queue whose visit read is counted and waits for `release` (a slow database). */
  function countedQueue() {
    let reads = 0;
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const queue = createQueue({
      io,
      clustered: false,
      visits: {
        async queue() {
          reads++;
          await gate;
          return { entries: [], inCall: [], visits: [] };
        },
      },
      status: async () => ({ status: "available", lateMinutes: null, message: null }),
      questionsWaiting: async () => [],
      log: Fastify({ logger: false }).log,
    });
    return {
      queue,
      reads: () => reads,
      release() {
        release();
        gate = new Promise<void>((r) => (release = r));
      },
    };
  }

  it("connections asking at once share one read; after a change the next ask reads again", async () => {
    const q = countedQueue();
    const asks = Array.from({ length: 50 }, () => q.queue.snapshot("c1"));
    const other = q.queue.snapshot("c2");
    await new Promise((r) => setImmediate(r));
    expect(q.reads()).toBe(2);

    q.queue.changed("c1");
    const afterChange = q.queue.snapshot("c1");
    await new Promise((r) => setImmediate(r));
    expect(q.reads()).toBe(3);

    q.release();
    await Promise.all([...asks, other, afterChange]);
    // Once answered, a read is not kept: the next ask reads again.
    const later = q.queue.snapshot("c1");
    await new Promise((r) => setImmediate(r));
    expect(q.reads()).toBe(4);
    q.release();
    await later;
    await q.queue.close();
  });
});
