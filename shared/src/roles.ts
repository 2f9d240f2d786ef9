import { z } from "zod";

/**
 * What a staff account may do (issue 27). A person may hold several: an admin manages the
 * clinic's people and settings and reads no clinical text unless also a clinician; the front desk
 * works the clinic's waiting room and never reads transcripts, findings, notes or summaries.
 */
export const staffRoles = ["admin", "clinician", "front_desk"] as const;
export const staffRoleSchema = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** A set of roles: at least one, each once. */
export const staffRolesSchema = z
  .array(staffRoleSchema)
  .min(1, "Choose at least one role.")
  .max(staffRoles.length)
  .refine((roles) => new Set(roles).size === roles.length, "Each role may be given once.");

/** A signed-in staff member, as every route and socket sees them (resolved from the session). */
export interface StaffPrincipal {
  userId: string;
  clinicId: string;
  roles: StaffRole[];
}

export const hasRole = (who: Pick<StaffPrincipal, "roles">, role: StaffRole) => who.roles.includes(role);
