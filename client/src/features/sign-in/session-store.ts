import { contract, type Clinician } from "@bedside/shared";
import { create } from "zustand";
import { ApiError, call } from "../../lib/api";

type Status = "unknown" | "signed-out" | "signed-in";

/** A second sign-in step: the code from the app, or a recovery code. */
export type SecondFactor = { code: string } | { recoveryCode: string };

interface SessionState {
  status: Status;
  clinician: Clinician | undefined;
  error: string | undefined;
  load(): Promise<void>;
  /**
   * While the account must set up two-factor sign-in, the session may do nothing else: the app
   * shows the Security screen only.
   */
  mfaSetupRequired: boolean;
  /** After a right password on an account with two-factor: the short-lived token for the code step. */
  pendingToken: string | undefined;
  /** "code" when the password was right and the account asks for its second factor. */
  signIn(email: string, password: string): Promise<"signed-in" | "code" | false>;
  submitCode(factor: SecondFactor): Promise<boolean>;
  /** Back to the password (the pending sign-in expired or the person wants to start again). */
  cancelCode(): void;
  /** Two-factor was set up: the session may act now. */
  twoFactorSetUp(): void;
  signOut(): Promise<void>;
  /** The server ended the session (signed out elsewhere, expired): back to sign-in, saying why. */
  sessionEnded(): void;
  /** Changes the language the scribe hears the clinician in; the error is shown, the old value kept. */
  setSpeechLanguage(language: string): Promise<void>;
}

export const useSessionStore = create<SessionState>()((set, get) => ({
  status: "unknown",
  clinician: undefined,
  error: undefined,
  mfaSetupRequired: false,
  pendingToken: undefined,

  async load() {
    try {
      const { clinician, mfaSetupRequired } = await call(contract.me);
      set({ status: "signed-in", clinician, error: undefined, mfaSetupRequired });
    } catch {
      set({ status: "signed-out", clinician: undefined });
    }
  },

  async signIn(email, password) {
    set({ error: undefined, pendingToken: undefined });
    try {
      const body = await call(contract.signIn, { body: { email, password } });
      if ("twoFactor" in body) {
        set({ pendingToken: body.twoFactor.pendingToken });
        return "code";
      }
      set({
        status: "signed-in",
        clinician: body.clinician,
        mfaSetupRequired: body.mfaSetupRequired ?? false,
      });
      return "signed-in";
    } catch (err) {
      set({ error: err instanceof ApiError ? err.message : "Sign-in failed. Please try again." });
      return false;
    }
  },

  async submitCode(factor) {
    const pendingToken = get().pendingToken;
    if (!pendingToken) return false;
    set({ error: undefined });
    try {
      const { clinician } = await call(contract.signInCode, { body: { pendingToken, ...factor } });
      set({ status: "signed-in", clinician, mfaSetupRequired: false, pendingToken: undefined });
      return true;
    } catch (err) {
      // An expired or spent pending sign-in cannot be retried: back to the password.
      const expired = err instanceof ApiError && err.reason === "expired";
      set({
        error: err instanceof ApiError ? err.message : "Sign-in failed. Please try again.",
        ...(expired ? { pendingToken: undefined } : {}),
      });
      return false;
    }
  },

  cancelCode() {
    set({ pendingToken: undefined, error: undefined });
  },

  twoFactorSetUp() {
    set({ mfaSetupRequired: false });
  },

  async setSpeechLanguage(speechLanguage) {
    try {
      const { clinician } = await call(contract.updateMe, { body: { speechLanguage } });
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
      mfaSetupRequired: false,
      error: "Your session has ended. Please sign in again.",
    });
  },

  async signOut() {
    await call(contract.signOut).catch(() => undefined);
    set({ status: "signed-out", clinician: undefined, mfaSetupRequired: false });
  },
}));
