import { z } from "zod";
import { sessionResponseSchema } from "./auth.js";

// Two-factor sign-in (TOTP with recovery codes) and the sessions list (issue 27).

/** Six digits from the authenticator app. */
export const totpCodeSchema = z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your app.");
/** A recovery code as typed: case, spaces and dashes do not matter. */
export const recoveryCodeSchema = z.string().trim().min(10).max(32);

/** Sign-in's first step, for an account with two-factor: the password was right, now the code. */
export const signInPendingSchema = z.object({
  twoFactor: z.object({
    /** Short-lived and single-use; opens nothing but the code check (it is not a session). */
    pendingToken: z.string(),
    expiresAt: z.iso.datetime(),
  }),
});
export type SignInPending = z.infer<typeof signInPendingSchema>;

/** POST /api/auth/sign-in: a session, or (two-factor on) a pending sign-in waiting for its code. */
export const signInResponseSchema = z.union([sessionResponseSchema, signInPendingSchema]);
export type SignInResponse = z.infer<typeof signInResponseSchema>;

/** Sign-in's second step: the pending token and either a code or a recovery code. */
export const signInCodeRequestSchema = z.union([
  z.strictObject({ pendingToken: z.string().min(1).max(64), code: totpCodeSchema }),
  z.strictObject({ pendingToken: z.string().min(1).max(64), recoveryCode: recoveryCodeSchema }),
]);
export type SignInCodeRequest = z.infer<typeof signInCodeRequestSchema>;

export const mfaStatusSchema = z.object({
  enabled: z.boolean(),
  /** Whether this account must have it (admins always; everyone when the clinic says so). */
  required: z.boolean(),
  recoveryCodesLeft: z.number().int().min(0),
});
export type MfaStatus = z.infer<typeof mfaStatusSchema>;

/** Shown once while enrolling (the QR code is drawn from `uri`); never again after confirmation. */
export const mfaEnrolmentSchema = z.object({ secret: z.string(), uri: z.string() });
export type MfaEnrolment = z.infer<typeof mfaEnrolmentSchema>;

export const mfaConfirmRequestSchema = z.strictObject({ code: totpCodeSchema });

/** Ten codes, shown once: each signs in once in place of the app's code. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** Turning two-factor off: the password and a code from the app (or a recovery code). */
export const mfaDisableRequestSchema = z.strictObject({
  password: z.string().min(1).max(256),
  code: z.union([totpCodeSchema, recoveryCodeSchema]),
});

export const sessionInfoSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  /** "Chrome on Linux", from the browser's user agent; null when it sent none. */
  device: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
export const sessionListSchema = z.object({ sessions: z.array(sessionInfoSchema) });
export type SessionList = z.infer<typeof sessionListSchema>;

/** The clinic's security settings (admins only). */
export const clinicSecuritySchema = z.strictObject({ mfaRequired: z.boolean() });
export type ClinicSecurity = z.infer<typeof clinicSecuritySchema>;

/** Signing out everywhere, or changing one's password: how many other sessions ended. */
export const sessionsEndedSchema = z.object({ ok: z.literal(true), ended: z.number().int().nonnegative() });
export type SessionsEnded = z.infer<typeof sessionsEndedSchema>;
