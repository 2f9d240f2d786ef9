import { z } from "zod";
import { staffRolesSchema } from "./roles.js";

// Issue 27: the first admin's setup, invitations, passwords and the admin's list of people.
// Secrets from links travel in request bodies, never in API URLs.

const token = z.string().min(1).max(128);
const email = z.email().max(254);
const displayName = z.string().trim().min(1).max(120);
/** The policy (length, common passwords) is the server's; this only bounds the payload. */
const newPassword = z.string().min(1).max(256);

export const setupRequestSchema = z.strictObject({
  token,
  clinicName: z.string().trim().min(1).max(120),
  email,
  displayName,
  password: newPassword,
  /** The first admin often sees patients too. */
  alsoClinician: z.boolean(),
});
export type SetupRequest = z.infer<typeof setupRequestSchema>;

export const tokenRequestSchema = z.strictObject({ token });

export const invitationInfoSchema = z.object({
  email,
  displayName: z.string().nullable(),
  roles: staffRolesSchema,
  clinicName: z.string(),
});
export type InvitationInfo = z.infer<typeof invitationInfoSchema>;

export const acceptInvitationSchema = z.strictObject({ token, displayName, password: newPassword });
export type AcceptInvitation = z.infer<typeof acceptInvitationSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword,
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;

export const resetRequestSchema = z.strictObject({ email });
export const resetCompleteSchema = z.strictObject({ token, password: newPassword });
export type ResetComplete = z.infer<typeof resetCompleteSchema>;

export const inviteRequestSchema = z.strictObject({
  email,
  displayName: displayName.optional(),
  roles: staffRolesSchema,
});
export type InviteRequest = z.infer<typeof inviteRequestSchema>;

export const setRolesRequestSchema = z.strictObject({ roles: staffRolesSchema });

export const personSchema = z.object({
  id: z.uuid(),
  email,
  displayName: z.string(),
  roles: staffRolesSchema,
  deactivatedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Person = z.infer<typeof personSchema>;

export const pendingInvitationSchema = z.object({
  id: z.uuid(),
  email,
  displayName: z.string().nullable(),
  roles: staffRolesSchema,
  expiresAt: z.iso.datetime(),
  expired: z.boolean(),
});
export type PendingInvitation = z.infer<typeof pendingInvitationSchema>;

export const peopleSchema = z.object({
  clinicName: z.string(),
  people: z.array(personSchema),
  invitations: z.array(pendingInvitationSchema),
});
export type People = z.infer<typeof peopleSchema>;

/** POST /api/accounts/setup/check: whether a first-admin setup link can still be used. */
export const setupCheckResponseSchema = z.object({ usable: z.boolean() });
export type SetupCheckResponse = z.infer<typeof setupCheckResponseSchema>;

/** POST /api/auth/password-reset: the same words whether or not an account uses the email. */
export const passwordResetResponseSchema = z.object({ ok: z.literal(true), message: z.string() });
export type PasswordResetResponse = z.infer<typeof passwordResetResponseSchema>;

/** POST /api/admin/invitations: the invitation sent. */
export const invitationSentSchema = z.object({ id: z.uuid(), expiresAt: z.iso.datetime() });
export type InvitationSent = z.infer<typeof invitationSentSchema>;
