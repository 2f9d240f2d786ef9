import type { QueueEntry, QueueSnapshot } from "@bedside/shared";
import { create } from "zustand";

export type LinkState = "connecting" | "live" | "reconnecting" | "failed";

interface QueueState {
  link: LinkState;
  entries: QueueEntry[];
  error: string | undefined;
  setLink(link: LinkState, error?: string): void;
  setSnapshot(snapshot: QueueSnapshot): void;
}

export const useQueueStore = create<QueueState>()((set) => ({
  link: "connecting",
  entries: [],
  error: undefined,
  setLink: (link, error) => set({ link, error }),
  setSnapshot: (snapshot) => set({ entries: snapshot.entries, link: "live", error: undefined }),
}));
