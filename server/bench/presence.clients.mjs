// bench:presence --instances 2: the waiting clients of one server instance, in their own process
// (so each instance's clients can sit on that instance's core, as on its own machine). Driven over
// IPC by presence.bench.ts; receive times are on the monotonic clock (process.hrtime), which every
// process on the machine shares, so the bench subtracts its own send time from them.
import { io as connect } from "socket.io-client";

const EVENT = "clinician:status-changed";
/** @type {import("socket.io-client").Socket[]} */
let sockets = [];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const roundOf = (payload) => Number(/round (\d+)/.exec(String(payload?.message))?.[1] ?? -1);

/** `options`: socket.io-client's own (through Caddy: its CA, and the cookie that picks the instance). */
function connectOne(url, auth, options) {
  const s = connect(url, { transports: ["websocket"], reconnection: false, auth, ...options });
  return new Promise((resolve, reject) => {
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });
}

const commands = {
  /** Connects every client in batches of 100; replies with each connect time (ms). */
  async connect({ url, auths, options = {} }) {
    const times = [];
    for (let i = 0; i < auths.length; i += 100) {
      await Promise.all(
        auths.slice(i, i + 100).map(async (auth) => {
          const t0 = now();
          sockets.push(await connectOne(url, auth, options));
          times.push(now() - t0);
        }),
      );
    }
    return { times };
  },
  /** Listens for one round's status; replies at once, then sends `received` when every client has it. */
  arm({ round }) {
    const at = new Array(sockets.length);
    let left = sockets.length;
    sockets.forEach((s, i) => {
      const listener = (payload) => {
        if (roundOf(payload) !== round) return;
        at[i] = now();
        s.off(EVENT, listener);
        if (--left === 0) process.send({ reply: "received", round, at });
      };
      s.on(EVENT, listener);
    });
    return {};
  },
  disconnect() {
    sockets.forEach((s) => s.disconnect());
    sockets = [];
    return {};
  },
};

process.on("message", async (message) => {
  const result = await commands[message.cmd](message);
  process.send({ reply: message.cmd, ...result });
});
process.on("disconnect", () => process.exit(0));
