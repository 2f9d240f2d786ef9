import {
  contract,
  visitLinkSchema,
  type CallGrant,
  type ClinicianStatus,
  type CreateVisitRequest,
  type GuestRole,
  type QuestionsWaiting,
  type QueueEntry,
  type QueueSnapshot,
  type VisitLink,
  type VisitSummary,
  type VisitWithLinks,
} from "@bedside/shared";
import { create } from "zustand";
import { z } from "zod";
import { call } from "../../lib/api";
import { command, connectSocket, type BedsideSocket } from "../../lib/socket";

export type LinkState = "connecting" | "live" | "reconnecting" | "failed";

interface ClinicState {
  link: LinkState;
  status: ClinicianStatus;
  entries: QueueEntry[];
  inCall: QueueEntry[];
  visits: VisitSummary[];
  /** Visits with patient questions the clinician has not opened yet. */
  questions: QuestionsWaiting[];
  /** Links issued in this session, by visit: shown once, since the server keeps only hashes. */
  issuedLinks: Record<string, VisitLink[]>;
  error: string | undefined;
  /** The last command that failed (admit, send back, end), in words for the clinician; cleared on the next. */
  failure: string | undefined;
  /** Notifies a listener (sound, title) when someone new arrives. */
  arrivals: number;
  /** The server no longer accepts this clinician's session (signed out elsewhere, expired). */
  sessionEnded: boolean;
  connect(): void;
  disconnect(): void;
  createVisit(input: CreateVisitRequest): Promise<VisitWithLinks>;
  reissueLink(visitId: string, role: GuestRole): Promise<void>;
  /** Each resolves to whether it worked; when not, `failure` says why. */
  admit(participantId: string): Promise<boolean>;
  sendBack(participantId: string): Promise<boolean>;
  endVisit(visitId: string): Promise<boolean>;
  dismissFailure(): void;
  joinCall(visitId: string): Promise<CallGrant>;
  /** The clinician left the call screen: stop receiving that call's updates. */
  leaveCall(visitId: string): void;
  setStatus(status: ClinicianStatus): Promise<void>;
}

let socket: BedsideSocket | undefined;

// The server keeps only hashes of links, so this tab keeps the ones it was given: going to a call
// and back, or reloading, still shows them (sessionStorage: this tab only, gone when it closes).
const issuedKey = "bedside:issued-links";
const issuedLinksSchema = z.record(z.string(), z.array(visitLinkSchema));
function savedLinks(): Record<string, VisitLink[]> {
  try {
    return issuedLinksSchema.parse(JSON.parse(sessionStorage.getItem(issuedKey) ?? "{}"));
  } catch {
    return {};
  }
}
function saveLinks(links: Record<string, VisitLink[]>) {
  try {
    sessionStorage.setItem(issuedKey, JSON.stringify(links));
  } catch {
    // Storage full or off: the links still show until the page is left.
  }
}

/**
 * The clinician's one live connection, for features `app/` composes into a call (the scribe
 * indicator): they add their own listeners on it rather than opening a second one.
 */
export const clinicSocket = (): BedsideSocket | undefined => socket;

function live(): BedsideSocket {
  if (!socket) throw new Error("Not connected to Bedside. Please reload the page.");
  return socket;
}

/** The name of a person in the queue or the call, for messages. */
const nameOf = (participantId: string, st: ClinicState) =>
  [...st.entries, ...st.inCall].find((e) => e.participantId === participantId)?.displayName ?? "this person";

export const useClinicStore = create<ClinicState>()((set, get) => {
  /** Runs a command; a refusal (say, a 409 because someone else admitted them first) becomes `failure`. */
  async function attempt(what: string, run: () => Promise<unknown>): Promise<boolean> {
    set({ failure: undefined });
    try {
      await run();
      return true;
    } catch (err) {
      set({ failure: `Could not ${what}: ${(err as Error).message}` });
      return false;
    }
  }

  return {
    link: "connecting",
    status: { status: "available", lateMinutes: null, message: null },
    entries: [],
    inCall: [],
    visits: [],
    questions: [],
    issuedLinks: savedLinks(),
    error: undefined,
    failure: undefined,
    arrivals: 0,
    sessionEnded: false,

    connect() {
      if (socket) return;
      const s = connectSocket();
      socket = s;
      const apply = (snapshot: QueueSnapshot) => {
        const known = new Set(get().entries.map((e) => e.participantId));
        const arrived = snapshot.entries.some((e) => !known.has(e.participantId));
        set((st) => ({
          ...snapshot,
          link: "live",
          error: undefined,
          arrivals: st.arrivals + (arrived ? 1 : 0),
        }));
      };
      s.on("connect", () => {
        void command(s, "queue:watch", {}).then(apply, (err: Error) =>
          set({ link: "failed", error: err.message }),
        );
      });
      s.on("queue:changed", apply);
      s.on("clinician:status-changed", (status) => set({ status }));
      s.on("disconnect", (reason) => {
        set({ link: "reconnecting" });
        // The server ended the connection (signed out elsewhere, the session expired, or the server
        // is restarting): socket.io does not retry by itself then. Try once more; the handshake
        // says whether the session still stands.
        if (reason === "io server disconnect") s.connect();
      });
      s.on("connect_error", (err) => {
        const ended = err.message === "unauthorized";
        set({ link: ended ? "failed" : "reconnecting", error: err.message, sessionEnded: ended });
      });
    },

    disconnect() {
      socket?.disconnect();
      socket = undefined;
      set({
        link: "connecting",
        entries: [],
        inCall: [],
        visits: [],
        questions: [],
        failure: undefined,
        sessionEnded: false,
      });
    },

    async createVisit(input) {
      const created = await call(contract.createVisit, { body: input });
      set((st) => ({ issuedLinks: { ...st.issuedLinks, [created.visit.id]: created.links } }));
      saveLinks(get().issuedLinks);
      return created;
    },

    async reissueLink(visitId, role) {
      const link = await call(contract.reissueLink, { params: { visitId, role } });
      set((st) => ({
        issuedLinks: {
          ...st.issuedLinks,
          [visitId]: [...(st.issuedLinks[visitId] ?? []).filter((l) => l.role !== role), link],
        },
      }));
      saveLinks(get().issuedLinks);
    },

    admit: (participantId) =>
      attempt(`admit ${nameOf(participantId, get())}`, () =>
        command(live(), "visit:admit", { participantId }),
      ),
    sendBack: (participantId) =>
      attempt(`send ${nameOf(participantId, get())} back to wait`, () =>
        command(live(), "visit:send-back", { participantId }),
      ),
    endVisit: (visitId) => attempt("end the visit", () => command(live(), "visit:end", { visitId })),
    dismissFailure: () => set({ failure: undefined }),
    joinCall: (visitId) => command(live(), "call:join", { visitId }),
    leaveCall(visitId) {
      // Best effort: if the socket is gone, so are its rooms.
      if (socket?.connected) void command(socket, "call:leave", { visitId }).catch(() => undefined);
    },
    setStatus: async (status) => set({ status: await command(live(), "clinician:set-status", status) }),
  };
});
