import { contract, type DeskSnapshot, type VisitLink } from "@bedside/shared";
import { create } from "zustand";
import { call } from "../../lib/api";
import { command, connectSocket, type BedsideSocket } from "../../lib/socket";

interface DeskState {
  link: "connecting" | "live" | "reconnecting" | "failed";
  snapshot: DeskSnapshot | undefined;
  /** Links issued in this tab, by visit: shown once, since the server keeps only hashes. */
  issuedLinks: Record<string, VisitLink[]>;
  /** The last command that failed, in words for the front desk; cleared on the next. */
  failure: string | undefined;
  connect(): void;
  disconnect(): void;
  reissueLink(visitId: string, role: VisitLink["role"]): Promise<boolean>;
  message(visitId: string, text: string): Promise<boolean>;
  transfer(visitId: string, toClinicianId: string): Promise<boolean>;
}

let socket: BedsideSocket | undefined;

function live(): BedsideSocket {
  if (!socket) throw new Error("Not connected to Bedside. Please reload the page.");
  return socket;
}

export const useDeskStore = create<DeskState>()((set) => {
  async function attempt<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    set({ failure: undefined });
    try {
      return await run();
    } catch (err) {
      set({ failure: `Could not ${what}: ${(err as Error).message}` });
      return undefined;
    }
  }
  const addLinks = (visitId: string, links: VisitLink[]) =>
    set((st) => ({
      issuedLinks: {
        ...st.issuedLinks,
        [visitId]: [
          ...(st.issuedLinks[visitId] ?? []).filter((l) => !links.some((n) => n.role === l.role)),
          ...links,
        ],
      },
    }));

  return {
    link: "connecting",
    snapshot: undefined,
    issuedLinks: {},
    failure: undefined,

    connect() {
      if (socket) return;
      const s = connectSocket();
      socket = s;
      // Asked again after every connect: the server keeps no state across a reconnect.
      s.on("connect", () => {
        void command(s, "desk:watch", {}).then(
          (snapshot) => set({ snapshot, link: "live" }),
          (err: Error) => set({ link: "failed", failure: err.message }),
        );
      });
      s.on("desk:changed", (snapshot) => set({ snapshot }));
      s.on("disconnect", (reason) => {
        set({ link: "reconnecting" });
        if (reason === "io server disconnect") s.connect();
      });
      s.on("connect_error", (err) =>
        set({ link: err.message === "unauthorized" ? "failed" : "reconnecting" }),
      );
    },

    disconnect() {
      socket?.disconnect();
      socket = undefined;
      set({ link: "connecting", snapshot: undefined, failure: undefined });
    },

    reissueLink: async (visitId, role) =>
      (await attempt("send a new link", async () => {
        const link = await call(contract.reissueLink, { params: { visitId, role } });
        addLinks(visitId, [link]);
        return true;
      })) ?? false,

    message: async (visitId, text) =>
      (await attempt("send the message", () =>
        command(live(), "waiting:send-message", { visitId, text }),
      )) !== undefined,

    transfer: async (visitId, toClinicianId) =>
      (await attempt("transfer the patient", () =>
        command(live(), "visit:transfer", { visitId, toClinicianId }),
      )) !== undefined,
  };
});
