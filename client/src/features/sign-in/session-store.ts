import { clinicianSchema, type Clinician } from "@bedside/shared";
import { z } from "zod";
import { create } from "zustand";
import { api, ApiError } from "../../lib/api";

type Status = "unknown" | "signed-out" | "signed-in";

interface SessionState {
  status: Status;
  clinician: Clinician | undefined;
  error: string | undefined;
  load(): Promise<void>;
  signIn(email: string, password: string): Promise<boolean>;
  signOut(): Promise<void>;
  /** The server ended the session (signed out elsewhere, expired): back to sign-in, saying why. */
  sessionEnded(): void;
  /** Changes the language the scribe hears the clinician in; the error is shown, the old value kept. */
  setSpeechLanguage(language: string): Promise<void>;
}

const sessionBody = z.object({ clinician: clinicianSchema });

export const useSessionStore = create<SessionState>()((set) => ({
  status: "unknown",
  clinician: undefined,
  error: undefined,

  async load() {
    try {
      const { clinician } = sessionBody.parse(await api("/api/auth/me"));
      set({ status: "signed-in", clinician, error: undefined });
    } catch {
      set({ status: "signed-out", clinician: undefined });
    }
  },

  async signIn(email, password) {
    set({ error: undefined });
    try {
      const { clinician } = sessionBody.parse(await api("/api/auth/sign-in", { body: { email, password } }));
      set({ status: "signed-in", clinician });
      return true;
    } catch (err) {
      set({ error: err instanceof ApiError ? err.message : "Sign-in failed. Please try again." });
      return false;
    }
  },

  async setSpeechLanguage(speechLanguage) {
    try {
      const { clinician } = sessionBody.parse(
        await api("/api/auth/me", { method: "PATCH", body: { speechLanguage } }),
      );
      set({ clinician, error: undefined });
    } catch (err) {
      set({
        error: err instanceof ApiError ? err.message : "That setting could not be saved. Please try again.",
      });
    }
  },

  sessionEnded() {
    set({
      status: "signed-out",
      clinician: undefined,
      error: "Your session has ended. Please sign in again.",
    });
  },

  async signOut() {
    await api("/api/auth/sign-out", { method: "POST" }).catch(() => undefined);
    set({ status: "signed-out", clinician: undefined });
  },
}));
