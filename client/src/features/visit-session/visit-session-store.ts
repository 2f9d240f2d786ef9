import {
  contract,
  type CallGrant,
  type CheckInRequest,
  type JoinInfo,
  type WaitingStatus,
} from "@bedside/shared";
import { create } from "zustand";
import { ApiError, call } from "../../lib/api";
import { command, connectSocket, type BedsideSocket } from "../../lib/socket";

export type Phase = "loading" | "invalid" | "check-in" | "waiting" | "call" | "left" | "ended";

interface VisitSessionState {
  phase: Phase;
  secret: string | undefined;
  info: JoinInfo | undefined;
  waiting: WaitingStatus | undefined;
  grant: CallGrant | undefined;
  audioOnly: boolean;
  /** Plain-language reason for "invalid", or the last failure shown on the current screen. */
  message: string | undefined;
  /** The same failure with its code, so the screen can say it in the person's language. */
  failure: ApiError | undefined;
  socketState: "connected" | "reconnecting";
  /**
   * The patient's own after-visit summary page, handed over when the visit ends (the join link
   * stops working then, and never opens the summary). Undefined until it arrives.
   */
  summaryPath: string | undefined;
  open(secret: string): Promise<void>;
  checkIn(input: CheckInRequest & { audioOnly: boolean }): Promise<void>;
  leaveCall(): void;
  rejoinCall(): Promise<void>;
  close(): void;
}

// The participant secret lives in this tab's sessionStorage so a reload keeps the place in the queue.
const storageKey = (secret: string) => `bedside:participant:${secret.slice(0, 12)}`;

let socket: BedsideSocket | undefined;
/** This tab's check-in token, kept in memory after the visit ends to exchange it for the summary link. */
let participantToken: string | undefined;
let summaryRequest: Promise<void> | undefined;

/**
 * This guest's one live connection, for features `app/` composes into the visit (the scribe
 * indicator): they add their own listeners on it rather than opening a second one.
 */
export const visitSessionSocket = (): BedsideSocket | undefined => socket;
/** This guest's check-in token, for features that call the guest's HTTP routes (issue 30's upload). */
export const visitParticipantToken = (): string | undefined => participantToken;

/** A failure as the store keeps it: the server's words and, for the screen, its code. */
function failed(err: unknown): { message: string; failure: ApiError } {
  const failure = err instanceof ApiError ? err : new ApiError(0, "internal", (err as Error).message);
  return { message: failure.message, failure };
}

export const useVisitSessionStore = create<VisitSessionState>()((set, get) => {
  /** The visit ended: a patient's browser exchanges its check-in token for its summary link, once. */
  function ended() {
    const secret = get().secret;
    if (secret) sessionStorage.removeItem(storageKey(secret));
    set({ phase: "ended", grant: undefined, message: undefined, failure: undefined });
    const token = participantToken;
    if (!token || get().info?.role !== "patient" || summaryRequest) return;
    summaryRequest = call(contract.summaryLinkForPatient, { bearer: token, body: {} }).then(
      (link) => set({ summaryPath: `/visit/${encodeURIComponent(link.token)}/summary` }),
      (err: unknown) => set(failed(err)),
    );
  }

  async function requestCall() {
    if (!socket) return;
    try {
      const grant = await command(socket, "call:join", {});
      set({ grant, phase: "call", message: undefined, failure: undefined });
    } catch (err) {
      set(failed(err));
    }
  }

  /**
   * Takes the place in the visit, after every connect: the server keeps no connection state across
   * a reconnect (no missed events are replayed), so its answer is what this tab must follow — sent
   * back or ended while the connection was down included.
   */
  async function joinWaitingRoom() {
    if (!socket) return;
    const status = await command(socket, "waiting:join", {});
    set({ waiting: status });
    if (status.state === "ended") ended();
    else if (status.state === "admitted") await requestCall();
    else set({ phase: "waiting", grant: undefined });
  }

  function connect(token: string) {
    socket?.disconnect();
    participantToken = token;
    summaryRequest = undefined;
    socket = connectSocket(token);
    socket.on("connect", () => {
      set({ socketState: "connected" });
      // After a reconnect the server has forgotten this connection: take the place again.
      void joinWaitingRoom().catch((err: unknown) => set(failed(err)));
    });
    socket.on("disconnect", (reason) => {
      set({ socketState: "reconnecting" });
      // The server ended the connection (the link was revoked, replaced or expired, or the server
      // is restarting): socket.io does not retry by itself then. Try once more; the handshake says
      // whether the link still works ("unauthorized" below) or the place is simply taken again.
      if (reason === "io server disconnect") socket?.connect();
    });
    socket.on("connect_error", (err) => {
      if (err.message === "unauthorized") {
        socket?.disconnect();
        set({
          phase: "invalid",
          ...failed(
            new ApiError(
              401,
              "unauthorized",
              "This visit link no longer works. Please ask the clinic for a new one.",
            ),
          ),
        });
      } else set({ socketState: "reconnecting" });
    });
    socket.on("visit:admitted", () => void requestCall());
    socket.on("clinician:status-changed", (clinicianStatus) => {
      const waiting = get().waiting;
      if (waiting) set({ waiting: { ...waiting, clinicianStatus } });
    });
    // Handed to another clinician: the same link and place, a new name and status on the screen.
    socket.on("visit:transferred", ({ clinicianName, clinicianStatus }) => {
      const waiting = get().waiting;
      if (waiting) set({ waiting: { ...waiting, clinicianName, clinicianStatus } });
    });
    socket.on("waiting:message-sent", (message) => {
      const waiting = get().waiting;
      if (waiting && !waiting.messages.some((m) => m.id === message.id))
        set({ waiting: { ...waiting, messages: [...waiting.messages, message] } });
    });
    socket.on("waiting:line-changed", (line) => {
      const waiting = get().waiting;
      if (waiting) set({ waiting: { ...waiting, line } });
    });
    socket.on("visit:sent-back", () => set({ phase: "waiting", grant: undefined }));
    socket.on("visit:ended", ended);
  }

  return {
    phase: "loading",
    secret: undefined,
    info: undefined,
    waiting: undefined,
    grant: undefined,
    audioOnly: false,
    message: undefined,
    failure: undefined,
    socketState: "connected",
    summaryPath: undefined,

    async open(secret) {
      set({ phase: "loading", secret, message: undefined, failure: undefined, summaryPath: undefined });
      try {
        const info = await call(contract.joinInfo, { params: { secret } });
        set({ info });
        const saved = sessionStorage.getItem(storageKey(secret));
        if (saved) {
          const { token, audioOnly } = JSON.parse(saved) as { token: string; audioOnly: boolean };
          set({ audioOnly });
          connect(token);
        } else set({ phase: "check-in" });
      } catch (err) {
        set({ phase: "invalid", ...failed(err) });
      }
    },

    async checkIn({ audioOnly, ...input }) {
      const secret = get().secret;
      if (!secret) return;
      const res = await call(contract.checkIn, { params: { secret }, body: input });
      sessionStorage.setItem(storageKey(secret), JSON.stringify({ token: res.participantToken, audioOnly }));
      set({ audioOnly });
      connect(res.participantToken);
    },

    leaveCall() {
      const room = get().grant?.room;
      // Off the call screen, this socket no longer follows the call (who is in it, the scribe).
      if (room && socket?.connected)
        void command(socket, "call:leave", { visitId: room }).catch(() => undefined);
      set({ phase: "left", grant: undefined });
      // The call may have ended for everyone: LiveKit closes the room after the visit is marked
      // ended, and "visit:ended" may never reach this connection (from another server instance, or
      // lost while it reconnected). The link says so then; this tab follows it.
      const secret = get().secret;
      if (secret)
        void call(contract.joinInfo, { params: { secret } }).catch((err: unknown) => {
          if (err instanceof ApiError && err.reason === "ended" && get().phase === "left") ended();
        });
    },
    rejoinCall: requestCall,

    close() {
      socket?.disconnect();
      socket = undefined;
    },
  };
});
