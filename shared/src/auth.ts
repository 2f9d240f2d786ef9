import { z } from "zod";
import { staffRolesSchema } from "./roles.js";
import { languageSchema } from "./visit.js";

export const signInRequestSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const clinicianSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  displayName: z.string(),
  /** The language the clinician speaks in visits: the scribe transcribes their voice in it. */
  speechLanguage: languageSchema,
  /** Every staff account is a row of `clinicians`; what it may do is its roles. */
  clinicId: z.uuid(),
  roles: staffRolesSchema,
});
export type Clinician = z.infer<typeof clinicianSchema>;

/** The clinician's own settings; each field optional, at least one. */
export const clinicianSettingsSchema = z
  .strictObject({ speechLanguage: languageSchema.optional() })
  .refine((s) => Object.keys(s).length > 0, "Send at least one setting to change.");
export type ClinicianSettings = z.infer<typeof clinicianSettingsSchema>;

/** GET /api/auth/me: who holds this session, and whether they must set up two-factor first. */
export const sessionResponseSchema = z.object({
  clinician: clinicianSchema,
  mfaSetupRequired: z.boolean(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** PATCH /api/auth/me: the account with its settings changed. */
export const clinicianResponseSchema = z.object({ clinician: clinicianSchema });
export type ClinicianResponse = z.infer<typeof clinicianResponseSchema>;
