// The embedded PGlite shared with other processes (the scribe workers) over PostgreSQL's wire
// protocol, through @electric-sql/pglite-socket's connection handler. PGlite is ONE session, so
// everyone who uses it takes turns on it: the server's own queries (PGliteDriver) and each socket
// client's protocol cycle — a simple query, or Parse…Sync of the extended protocol, or a whole
// transaction — hold it from their first message to the end of the cycle. Without this, two
// clients' Parse/Bind messages interleave in the one session (the package's own queue only keeps
// transactions together) and a worker's insert could land inside a server transaction.
//
// PGlite runs as a superuser with no password of its own, so the share authenticates each client
// itself (SCRAM-SHA-256, which the `pg` client speaks) before pglite-socket sees a byte of it, and
// a client that goes silent while it holds the session is cut off (issue 24, finding 16).
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
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

/** A typed protocol message: its letter, its length (itself included), its body. */
function frame(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "ascii");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const cstring = (s: string) => Buffer.from(`${s}\0`, "utf8");

/** Sent to PGlite when a client is cut off mid-cycle (see TurnTakingQueue.#reset). */
const ROLLBACK_QUERY = frame("Q", cstring("rollback"));
const SYNC_MESSAGE = frame("S", Buffer.alloc(0));

/** The queue every socket connection's messages go through (pglite-socket's QueryQueueManager shape). */
class TurnTakingQueue {
  #owner: number | null = null;
  #release: (() => void) | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  /** Handlers cut off for holding the turn too long: their later messages are refused. */
  readonly #cutOff = new Set<number>();

  constructor(
    private readonly db: PGlite,
    private readonly turns: PgliteTurns,
    private readonly turnIdleMs: number,
    private readonly onCutOff: (handlerId: number) => void,
  ) {}

  async enqueue(handlerId: number, message: Uint8Array): Promise<Uint8Array> {
    if (this.#cutOff.has(handlerId)) throw new Error("connection cut off: it held the database too long");
    if (this.#owner !== handlerId) {
      const release = await this.turns.acquire();
      if (this.#cutOff.has(handlerId)) {
        release();
        throw new Error("connection cut off: it held the database too long");
      }
      this.#owner = handlerId;
      this.#release = release;
    }
    clearTimeout(this.#idleTimer);
    try {
      return await this.db.runExclusive(() => this.db.execProtocolRaw(message));
    } finally {
      const kind = message[0];
      // Startup messages begin with their length (first byte 0); typed messages with a letter.
      const endsCycle = kind === SYNC || kind === QUERY || kind === TERMINATE || kind === 0;
      if (endsCycle && !this.db.isInTransaction()) this.#end(handlerId);
      // Still its turn: everyone else (every API request, /healthz) waits until its next message.
      // A client that sends nothing for that long is stuck or hostile, not slow.
      else if (this.#owner === handlerId) {
        this.#idleTimer = setTimeout(() => void this.#expire(handlerId), this.turnIdleMs);
      }
    }
  }

  async #expire(handlerId: number): Promise<void> {
    if (this.#owner !== handlerId) return;
    this.#cutOff.add(handlerId);
    try {
      await this.#reset();
    } finally {
      this.#end(handlerId);
      this.onCutOff(handlerId);
    }
  }

  /**
   * Leaves the session as a new client expects it, whatever the client left behind: an open
   * transaction (explicit, or the implicit one of an Execute without Sync) is rolled back, and
   * a failed Parse's "ignore everything until Sync" ends. ROLLBACK goes first so that the Sync
   * does not commit an implicit transaction.
   */
  async #reset(): Promise<void> {
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRaw(ROLLBACK_QUERY);
      await this.db.execProtocolRaw(SYNC_MESSAGE);
    });
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
  }

  #end(handlerId: number): void {
    if (this.#owner !== handlerId) return;
    clearTimeout(this.#idleTimer);
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
    this.#cutOff.delete(handlerId);
    if (this.#owner !== handlerId) return;
    try {
      await this.#reset();
    } finally {
      this.#end(handlerId);
    }
  }

  getQueueLength(): number {
    return 0;
  }
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_3 = 196608;
/** A startup packet or SASL message longer than this is not from a PostgreSQL client. */
const MAX_AUTH_MESSAGE = 10_000;
const SCRAM_ITERATIONS = 4096;

/**
 * SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL's server does it, for one password: what the
 * server keeps (its "verifier") is derived once, so a connection costs two HMACs, not a PBKDF2.
 */
class ScramVerifier {
  readonly salt = randomBytes(16);
  readonly #storedKey: Buffer;
  readonly #serverKey: Buffer;

  constructor(password: string) {
    const salted = pbkdf2Sync(password.normalize("NFKC"), this.salt, SCRAM_ITERATIONS, 32, "sha256");
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    this.#storedKey = createHash("sha256").update(clientKey).digest();
    this.#serverKey = createHmac("sha256", salted).update("Server Key").digest();
  }

  /** The server-first message for a client-first one; undefined if that is malformed. */
  begin(clientFirst: string) {
    const m = /^([ny]),,(n=[^,]*,r=([\x21-\x2b\x2d-\x7e]+))$/.exec(clientFirst);
    if (!m) return undefined;
    const [, gs2, bare, clientNonce] = m as unknown as [string, string, string, string];
    const nonce = clientNonce + randomBytes(18).toString("base64");
    const serverFirst = `r=${nonce},s=${this.salt.toString("base64")},i=${SCRAM_ITERATIONS}`;
    return { serverFirst, bare, nonce, channelBinding: Buffer.from(`${gs2},,`).toString("base64") };
  }

  /** The server-final message if the client's proof is right; undefined otherwise. */
  finish(
    session: { serverFirst: string; bare: string; nonce: string; channelBinding: string },
    clientFinal: string,
  ) {
    const m = /^(c=([^,]*),r=([^,]*)),p=([A-Za-z0-9+/=]+)$/.exec(clientFinal);
    if (!m) return undefined;
    const [, withoutProof, binding, nonce, proofB64] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (binding !== session.channelBinding || nonce !== session.nonce) return undefined;
    const proof = Buffer.from(proofB64, "base64");
    if (proof.length !== 32) return undefined;
    const authMessage = `${session.bare},${session.serverFirst},${withoutProof}`;
    const signature = createHmac("sha256", this.#storedKey).update(authMessage).digest();
    const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
    const stored = createHash("sha256").update(clientKey).digest();
    if (!timingSafeEqual(stored, this.#storedKey)) return undefined;
    const serverSignature = createHmac("sha256", this.#serverKey).update(authMessage).digest();
    return `v=${serverSignature.toString("base64")}`;
  }
}

const authRequest = (code: number, data = Buffer.alloc(0)) => frame("R", Buffer.concat([int32(code), data]));
const fatal = (code: string, text: string) =>
  frame(
    "E",
    Buffer.concat([
      cstring("SFATAL"),
      cstring("VFATAL"),
      cstring(`C${code}`),
      cstring(`M${text}`),
      Buffer.alloc(1),
    ]),
  );

/**
 * Runs the startup and SCRAM exchange on a new connection. Resolves with the startup packet
 * (for PGlite, which answers it with AuthenticationOk and the session's parameters) and whatever
 * the client sent after it; rejects, having told the client why and closed it, otherwise.
 */
function authenticate(socket: Socket, verifier: ScramVerifier, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    let startup: Buffer | undefined;
    let session: ReturnType<ScramVerifier["begin"]>;
    const timer = setTimeout(() => refuse("08006", "authentication timed out"), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("error", onGone);
      socket.off("close", onGone);
    };
    const refuse = (code: string, text: string) => {
      done();
      socket.end(fatal(code, text));
      socket.destroySoon();
      reject(new Error(text));
    };
    const onGone = () => {
      done();
      reject(new Error("closed during authentication"));
    };
    /** The next complete message, if any: untyped until the startup packet, typed after it. */
    const next = (): Buffer | undefined => {
      const typed = startup !== undefined;
      const header = typed ? 5 : 4;
      if (buffered.length < header) return undefined;
      const length = (typed ? buffered.readInt32BE(1) : buffered.readInt32BE(0)) + (typed ? 1 : 0);
      if (length < header || length > MAX_AUTH_MESSAGE) throw new Error("malformed message");
      if (buffered.length < length) return undefined;
      const msg = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      return msg;
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      try {
        for (let msg = next(); msg; msg = next()) {
          if (!startup) {
            const code = msg.length >= 8 ? msg.readInt32BE(4) : 0;
            // No TLS here: the client may go on in plain text (or give up, as `sslmode=require` does).
            if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
              socket.write("N");
              continue;
            }
            if (code !== PROTOCOL_3) return refuse("08P01", "unsupported protocol");
            startup = Buffer.from(msg);
            socket.write(authRequest(10, Buffer.concat([cstring("SCRAM-SHA-256"), Buffer.alloc(1)])));
            continue;
          }
          if (msg[0] !== 0x70) return refuse("08P01", "expected a password message"); // 'p'
          if (!session) {
            const body = msg.subarray(5);
            const mechEnd = body.indexOf(0);
            const mechanism = body.subarray(0, mechEnd).toString();
            const dataLength = body.readInt32BE(mechEnd + 1);
            const data = body.subarray(mechEnd + 5, mechEnd + 5 + Math.max(0, dataLength)).toString();
            session = mechanism === "SCRAM-SHA-256" ? verifier.begin(data) : undefined;
            if (!session) return refuse("28P01", "password authentication failed");
            socket.write(authRequest(11, Buffer.from(session.serverFirst)));
            continue;
          }
          const serverFinal = verifier.finish(session, msg.subarray(5).toString());
          if (!serverFinal) return refuse("28P01", "password authentication failed");
          socket.write(authRequest(12, Buffer.from(serverFinal)));
          done();
          return resolve(Buffer.concat([startup, buffered]));
        }
      } catch {
        refuse("08P01", "malformed message");
      }
    };
    socket.on("data", onData);
    socket.on("error", onGone);
    socket.on("close", onGone);
  });
}

export interface PgliteShare {
  /** Where the share listens. */
  host: string;
  port: number;
  /** postgres:// URL without the password: safe to log; pair it with the password (file). */
  url: string;
  /** What a client must present (SCRAM-SHA-256). */
  password: string;
  /** `url` with the password in it, for a worker started with it: never log it. */
  secretUrl: string;
  close(): Promise<void>;
}

export interface PgliteShareOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  /** What clients must present; at least 16 characters. */
  password: string;
  maxConnections?: number;
  /**
   * How long a client may hold the session between two of its messages (inside a transaction or
   * an extended-protocol cycle) before it is disconnected and what it began is rolled back.
   */
  turnIdleMs?: number;
  /** How long a new connection has to authenticate. */
  authTimeoutMs?: number;
}

/** The default of `turnIdleMs`: a worker's statements follow each other in milliseconds. */
export const SHARE_TURN_IDLE_MS = 2_000;

/** Serves `db` on host:port until closed, to clients that present `password`. */
export async function sharePglite(
  db: PGlite,
  turns: PgliteTurns,
  opts: PgliteShareOptions,
): Promise<PgliteShare> {
  if (opts.password.length < 16) throw new Error("the share's password must have at least 16 characters");
  await db.waitReady;
  const verifier = new ScramVerifier(opts.password);
  const handlers = new Map<number, PGLiteSocketHandler>();
  const sockets = new Set<Socket>();
  const queue = new TurnTakingQueue(db, turns, opts.turnIdleMs ?? SHARE_TURN_IDLE_MS, (id) => {
    void handlers.get(id)?.detach(true);
  });
  const server: Server = createServer((socket) => {
    socket.on("error", () => {}); // a client that vanishes mid-handshake is not our error
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    void authenticate(socket, verifier, opts.authTimeoutMs ?? 10_000).then(
      (pending) => {
        const handler = new PGLiteSocketHandler({
          // Our queue has the package queue's public shape; its class has private fields, hence the cast.
          queryQueue: queue as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"],
          closeOnDetach: true,
        });
        handlers.set(handler.handlerId, handler);
        const forget = () => handlers.delete(handler.handlerId);
        handler.addEventListener("close", forget);
        handler.addEventListener("error", forget);
        // The startup packet goes to PGlite as the handler's first message: PGlite answers it
        // with AuthenticationOk, the session's parameters and ReadyForQuery.
        socket.pause();
        socket.unshift(pending);
        void handler
          .attach(socket)
          .then(() => socket.resume())
          .catch(() => socket.destroy());
      },
      () => {}, // refused: the client was told why and closed
    );
  });
  server.maxConnections = opts.maxConnections ?? 64;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    host: opts.host,
    port,
    url: `postgres://postgres@${host}:${port}/postgres`,
    password: opts.password,
    secretUrl: `postgres://postgres:${encodeURIComponent(opts.password)}@${host}:${port}/postgres`,
    async close() {
      for (const h of handlers.values()) await h.detach(true).catch(() => {});
      handlers.clear();
      for (const s of sockets) s.destroy(); // still authenticating
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
