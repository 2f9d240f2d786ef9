// The embedded PGlite shared with other processes (the scribe workers) over PostgreSQL's wire
// protocol, through @electric-sql/pglite-socket's connection handler. PGlite is ONE session, so
// everyone who uses it takes turns on it: the server's own queries (PGliteDriver) and each socket
// client's protocol cycle — a simple query, or Parse…Sync of the extended protocol, or a whole
// transaction — hold it from their first message to the end of the cycle. Without this, two
// clients' Parse/Bind messages interleave in the one session (the package's own queue only keeps
// transactions together) and a worker's insert could land inside a server transaction.
import { createServer, type Server } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";

/** FIFO turns on the one PGlite session. */
export class PgliteTurns {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves with the release function once it is the caller's turn. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => mine);
    return previous.then(() => release);
  }
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/** The queue every socket connection's messages go through (pglite-socket's QueryQueueManager shape). */
class TurnTakingQueue {
  #owner: number | null = null;
  #release: (() => void) | undefined;

  constructor(
    private readonly db: PGlite,
    private readonly turns: PgliteTurns,
  ) {}

  async enqueue(handlerId: number, message: Uint8Array): Promise<Uint8Array> {
    if (this.#owner !== handlerId) {
      const release = await this.turns.acquire();
      this.#owner = handlerId;
      this.#release = release;
    }
    try {
      return await this.db.runExclusive(() => this.db.execProtocolRaw(message));
    } finally {
      const kind = message[0];
      // Startup messages begin with their length (first byte 0); typed messages with a letter.
      const endsCycle = kind === SYNC || kind === QUERY || kind === TERMINATE || kind === 0;
      if (endsCycle && !this.db.isInTransaction()) this.#end(handlerId);
    }
  }

  #end(handlerId: number): void {
    if (this.#owner !== handlerId) return;
    const release = this.#release;
    this.#owner = null;
    this.#release = undefined;
    release?.();
  }

  clearQueueForHandler(): void {
    // Messages wait in their handler (it awaits each one), so nothing is queued here.
  }

  /** A client went away mid-cycle (a killed worker): its transaction is rolled back, its turn ends. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#owner !== handlerId) return;
    try {
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    } finally {
      this.#end(handlerId);
    }
  }

  getQueueLength(): number {
    return 0;
  }
}

export interface PgliteShare {
  /** postgres:// URL the workers connect to. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `db` on host:port (port 0: any free one) until closed. No password: bind it to an
 * address only trusted machines reach (loopback by default).
 */
export async function sharePglite(
  db: PGlite,
  turns: PgliteTurns,
  opts: { host: string; port: number; maxConnections?: number },
): Promise<PgliteShare> {
  await db.waitReady;
  const queue = new TurnTakingQueue(db, turns);
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({
      // Our queue has the package queue's public shape; its class has private fields, hence the cast.
      queryQueue: queue as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"],
      closeOnDetach: true,
    });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    void handler.attach(socket).catch(() => socket.destroy());
  });
  server.maxConnections = opts.maxConnections ?? 64;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: `postgres://postgres@${opts.host}:${port}/postgres`,
    async close() {
      for (const h of handlers) await h.detach(true).catch(() => {});
      handlers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
