import type { Ack } from "@bedside/shared";

/**
 * Stands in for a socket.io client whose server the test plays: `serverDisconnects()` is socket.io's
 * "io server disconnect" (after which socket.io itself never reconnects), and `connect()` answers
 * with the handshake outcome the test chose (`refuseHandshakeWith`).
 */
export class FakeSocket {
  connected = false;
  connectCalls = 0;
  refuseHandshakeWith: string | undefined;
  readonly #listeners = new Map<string, Array<(...args: unknown[]) => void>>();

  constructor(readonly answer: (event: string, payload: unknown) => Ack<unknown>) {}

  on(event: string, fn: (...args: unknown[]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), fn]);
    return this;
  }
  off(): this {
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.#listeners.get(event) ?? []) fn(...args);
  }
  timeout() {
    return { emitWithAck: async (event: string, payload: unknown) => this.answer(event, payload) };
  }
  /** The first connection, accepted. */
  open(): void {
    this.connected = true;
    this.emit("connect");
  }
  serverDisconnects(): void {
    this.connected = false;
    this.emit("disconnect", "io server disconnect");
  }
  connect(): this {
    this.connectCalls++;
    if (this.refuseHandshakeWith) this.emit("connect_error", new Error(this.refuseHandshakeWith));
    else this.open();
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
}
