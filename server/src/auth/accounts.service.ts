// Clinic accounts (issue 27): the first admin's setup, invitations, password change and reset,
// roles and deactivation. Account events are audited; ending access (reset, deactivation, a role
// change) deletes the account's sessions and disconnects its sockets on every instance.
import type {
  AcceptInvitation,
  ChangePassword,
  InvitationInfo,
  InviteRequest,
  People,
  ResetComplete,
  SetupRequest,
  StaffPrincipal,
  StaffRole,
} from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { sql } from "kysely";
import type { Auditor } from "../audit/audit.service.js";
import { hashSecret } from "../access/access.secrets.js";
import { createClinicianRepository } from "./clinician.repository.js";
import { hashPassword, verifyPassword, type PasswordCost } from "./password.js";
import type { Database } from "../db/database.js";

import type { Mailer } from "../mail/mail.service.js";
import { createAccountTokenRepository } from "./account-token.repository.js";
import { invitationMail, resetMail } from "./accounts.mail.js";
import { passwordProblem } from "./password.policy.js";
import { DomainError } from "../access/access.errors.js";

const HOUR = 3600_000;
export const SETUP_TTL_MS = HOUR;
export const INVITATION_TTL_MS = 72 * HOUR;
export const RESET_TTL_MS = 30 * 60_000;

export interface AccountsDeps {
  db: Database;
  mailer: Mailer;
  audit: Auditor;
  /** Ends every connection of a staff account on every instance (socket/socket.revoke.ts). */
  staffEnded: (userId: string) => void;
  /** Ends the connections opened with one session (by its hash). */
  sessionEnded: (tokenHash: string) => void;
  log: FastifyBaseLogger;
  /** What a new password hash costs (config.passwordHashCost). */
  passwordCost: PasswordCost;
}

const badLink = (what: string) =>
  new DomainError(
    "gone",
    `This ${what} link does not work: it was already used, replaced or has expired. Please ask for a new one.`,
  );
const refusedPassword = (problem: string) => new DomainError("bad_request", `password: ${problem}`);
const emailTaken = () => new DomainError("conflict", "Someone with this email already has an account.");
const noSuchPerson = () => new DomainError("not_found", "No such person in your clinic.");
const lastAdmin = () =>
  new DomainError(
    "conflict",
    "This is the clinic's last active admin: make someone else an admin first.",
    "last_admin",
  );

export function createAccountsService(deps: AccountsDeps) {
  const { db, mailer, audit, log } = deps;
  const tokens = createAccountTokenRepository(db);
  const clinicians = createClinicianRepository(db);
  const actor = (id: string) => ({ kind: "clinician" as const, id });

  function checkPassword(password: string, personal: string[]) {
    const problem = passwordProblem(password, personal);
    if (problem) throw refusedPassword(problem);
  }

  /** Ends every session and connection of an account (inside `trx` for the sessions). */
  async function endSessions(trx: Database, userId: string, keepTokenHash?: string) {
    let q = trx.deleteFrom("sessions").where("clinician_id", "=", userId);
    if (keepTokenHash) q = q.where("token_hash", "<>", keepTokenHash);
    return (await q.returning("token_hash").execute()).map((r) => r.token_hash);
  }

  /** Active admins of a clinic, locked until the transaction ends: two demotions cannot both pass. */
  async function lockedAdmins(trx: Database, clinicId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom("clinicians")
      .select("id")
      .where("clinic_id", "=", clinicId)
      .where(sql<boolean>`'admin' = any(roles)`)
      .where("deactivated_at", "is", null)
      .forUpdate()
      .execute();
    return rows.map((r) => r.id);
  }

  async function personIn(trx: Database, clinicId: string, userId: string) {
    const row = await trx
      .selectFrom("clinicians")
      .select(["id", "roles", "deactivated_at"])
      .where("id", "=", userId)
      .where("clinic_id", "=", clinicId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw noSuchPerson();
    return row;
  }

  return {
    /**
     * With no active admin anywhere, a new one-time setup link (earlier ones revoked); otherwise
     * nothing. Printed by `start`.
     */
    async setupLink(baseUrl: string): Promise<{ url: string; expiresAt: Date } | undefined> {
      if (await clinicians.hasActiveAdmin()) return undefined;
      const clinic = await db
        .selectFrom("clinics")
        .select("id")
        .orderBy("created_at")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      await tokens.revoke({ purpose: "setup", clinicId: clinic.id });
      const t = await tokens.issue({ purpose: "setup", clinicId: clinic.id, ttlMs: SETUP_TTL_MS });
      return { url: `${baseUrl}/setup/${t.secret}`, expiresAt: t.expiresAt };
    },

    /** Whether a setup link can still be used (the setup page asks before showing its form). */
    async setupUsable(token: string): Promise<boolean> {
      return (await tokens.peek(token, "setup")) !== undefined;
    },

    async completeSetup(body: SetupRequest): Promise<{ userId: string }> {
      checkPassword(body.password, [body.email, body.displayName]);
      const passwordHash = await hashPassword(body.password, deps.passwordCost);
      const roles: StaffRole[] = body.alsoClinician ? ["admin", "clinician"] : ["admin"];
      const userId = await db.transaction().execute(async (trx) => {
        const t = await tokens.consume(trx, body.token, "setup");
        if (!t) throw badLink("setup");
        // A second setup link used after the first admin exists creates nothing.
        if ((await lockedAdmins(trx, t.clinic_id)).length > 0) throw badLink("setup");
        if (await createClinicianRepository(trx).findByEmail(body.email)) throw emailTaken();
        await trx
          .updateTable("clinics")
          .set({ name: body.clinicName })
          .where("id", "=", t.clinic_id)
          .execute();
        const user = await createClinicianRepository(trx).create({
          email: body.email,
          displayName: body.displayName,
          passwordHash,
          clinicId: t.clinic_id,
          roles,
        });
        return user.id;
      });
      await audit.record({
        visitId: null,
        actor: actor(userId),
        action: "account.setup",
        detail: { userId },
      });
      return { userId };
    },

    async invite(admin: StaffPrincipal, body: InviteRequest, baseUrl: string) {
      if (await clinicians.findByEmail(body.email)) throw emailTaken();
      const clinic = await db
        .selectFrom("clinics")
        .select("name")
        .where("id", "=", admin.clinicId)
        .executeTakeFirstOrThrow();
      // A new invitation to the same address replaces the earlier one.
      const earlier = await tokens.pendingInvitations(admin.clinicId);
      for (const e of earlier.filter((e) => e.email === body.email.toLowerCase())) {
        await tokens.revoke({ purpose: "invitation", id: e.id });
      }
      const t = await tokens.issue({
        purpose: "invitation",
        clinicId: admin.clinicId,
        ttlMs: INVITATION_TTL_MS,
        email: body.email,
        ...(body.displayName ? { displayName: body.displayName } : {}),
        roles: body.roles,
        createdBy: admin.userId,
      });
      try {
        await mailer.send(
          invitationMail(body.email, clinic.name, body.roles, `${baseUrl}/invitation/${t.secret}`),
        );
      } catch (err) {
        await tokens.revoke({ purpose: "invitation", id: t.id });
        log.warn({ err: (err as Error).message }, "invitation mail failed");
        throw new DomainError(
          "unavailable",
          "The invitation email could not be sent. Please try again later.",
        );
      }
      await audit.record({
        visitId: null,
        actor: actor(admin.userId),
        action: "invitation.sent",
        detail: { invitationId: t.id, roles: body.roles.join(",") },
      });
      return { id: t.id, expiresAt: t.expiresAt.toISOString() };
    },

    async revokeInvitation(admin: StaffPrincipal, invitationId: string) {
      const n = await tokens.revoke({ purpose: "invitation", clinicId: admin.clinicId, id: invitationId });
      if (n === 0) throw new DomainError("not_found", "No such invitation.");
      await audit.record({
        visitId: null,
        actor: actor(admin.userId),
        action: "invitation.revoked",
        detail: { invitationId },
      });
    },

    async invitation(token: string): Promise<InvitationInfo> {
      const t = await tokens.peek(token, "invitation");
      if (!t?.email || !t.roles) throw badLink("invitation");
      const clinic = await db
        .selectFrom("clinics")
        .select("name")
        .where("id", "=", t.clinic_id)
        .executeTakeFirstOrThrow();
      return { email: t.email, displayName: t.display_name, roles: t.roles, clinicName: clinic.name };
    },

    async acceptInvitation(body: AcceptInvitation): Promise<{ userId: string }> {
      const peeked = await tokens.peek(body.token, "invitation");
      if (!peeked?.email) throw badLink("invitation");
      checkPassword(body.password, [peeked.email, body.displayName]);
      const passwordHash = await hashPassword(body.password, deps.passwordCost);
      const { userId, invitationId } = await db.transaction().execute(async (trx) => {
        const t = await tokens.consume(trx, body.token, "invitation");
        if (!t?.email || !t.roles) throw badLink("invitation");
        if (await createClinicianRepository(trx).findByEmail(t.email)) throw emailTaken();
        const user = await createClinicianRepository(trx).create({
          email: t.email,
          displayName: body.displayName,
          passwordHash,
          clinicId: t.clinic_id,
          roles: t.roles,
        });
        return { userId: user.id, invitationId: t.id };
      });
      await audit.record({
        visitId: null,
        actor: actor(userId),
        action: "invitation.accepted",
        detail: { invitationId, userId },
      });
      return { userId };
    },

    /** Needs the current password; every other session of the account ends. */
    async changePassword(who: StaffPrincipal, body: ChangePassword, sessionToken: string) {
      const account = await db
        .selectFrom("clinicians")
        .select(["email", "display_name", "password_hash"])
        .where("id", "=", who.userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(body.currentPassword, account.password_hash))) {
        throw new DomainError("bad_request", "currentPassword: That is not your current password.");
      }
      checkPassword(body.newPassword, [account.email, account.display_name]);
      const passwordHash = await hashPassword(body.newPassword, deps.passwordCost);
      const ended = await db.transaction().execute(async (trx) => {
        await createClinicianRepository(trx).setPasswordHash(who.userId, passwordHash);
        return endSessions(trx, who.userId, hashSecret(sessionToken));
      });
      for (const h of ended) deps.sessionEnded(h);
      await audit.record({
        visitId: null,
        actor: actor(who.userId),
        action: "password.changed",
        detail: { userId: who.userId, sessionsEnded: ended.length },
      });
    },

    /**
     * Answers the same, at the same speed, whether or not the email has an account: the lookup
     * and the mail happen after the answer.
     */
    requestReset(email: string, baseUrl: string): void {
      const work = async () => {
        const account = await clinicians.findByEmail(email);
        if (!account || account.deactivated_at) return;
        const t = await tokens.issue({
          purpose: "reset",
          clinicId: account.clinic_id,
          clinicianId: account.id,
          ttlMs: RESET_TTL_MS,
        });
        await audit.record({
          visitId: null,
          actor: actor(account.id),
          action: "password.reset-requested",
          detail: { userId: account.id },
        });
        await mailer.send(resetMail(account.email, `${baseUrl}/reset-password/${t.secret}`));
      };
      work().catch((err: unknown) => log.warn({ err: (err as Error).message }, "password reset mail failed"));
    },

    /** Sets the new password; every session of the account ends, sockets too, on every instance. */
    async completeReset(body: ResetComplete): Promise<void> {
      const peeked = await tokens.peek(body.token, "reset");
      const account = peeked?.clinician_id
        ? await db
            .selectFrom("clinicians")
            .select(["id", "email", "display_name", "deactivated_at"])
            .where("id", "=", peeked.clinician_id)
            .executeTakeFirst()
        : undefined;
      if (!account || account.deactivated_at) throw badLink("password reset");
      checkPassword(body.password, [account.email, account.display_name]);
      const passwordHash = await hashPassword(body.password, deps.passwordCost);
      const ended = await db.transaction().execute(async (trx) => {
        const t = await tokens.consume(trx, body.token, "reset");
        if (!t || t.clinician_id !== account.id) throw badLink("password reset");
        await createClinicianRepository(trx).setPasswordHash(account.id, passwordHash);
        await tokens.revoke({ purpose: "reset", clinicianId: account.id }, trx);
        return endSessions(trx, account.id);
      });
      deps.staffEnded(account.id);
      await audit.record({
        visitId: null,
        actor: actor(account.id),
        action: "password.reset-done",
        detail: { userId: account.id, sessionsEnded: ended.length },
      });
    },

    async people(admin: StaffPrincipal): Promise<People> {
      const [clinic, rows, invitations] = await Promise.all([
        db.selectFrom("clinics").select("name").where("id", "=", admin.clinicId).executeTakeFirstOrThrow(),
        db
          .selectFrom("clinicians")
          .select(["id", "email", "display_name", "roles", "deactivated_at", "created_at"])
          .where("clinic_id", "=", admin.clinicId)
          .orderBy("display_name")
          .execute(),
        tokens.pendingInvitations(admin.clinicId),
      ]);
      const now = Date.now();
      return {
        clinicName: clinic.name,
        people: rows.map((r) => ({
          id: r.id,
          email: r.email,
          displayName: r.display_name,
          roles: r.roles,
          deactivatedAt: r.deactivated_at?.toISOString() ?? null,
          createdAt: r.created_at.toISOString(),
        })),
        invitations: invitations.map((i) => ({
          id: i.id,
          email: i.email ?? "",
          displayName: i.display_name,
          roles: i.roles ?? ["clinician"],
          expiresAt: i.expires_at.toISOString(),
          expired: i.expires_at.getTime() <= now,
        })),
      };
    },

    /** The last active admin keeps the admin role. Their connections end: they come back with the new roles. */
    async setRoles(admin: StaffPrincipal, userId: string, roles: StaffRole[]) {
      const before = await db.transaction().execute(async (trx) => {
        const person = await personIn(trx, admin.clinicId, userId);
        const admins = await lockedAdmins(trx, admin.clinicId);
        if (!roles.includes("admin") && admins.length === 1 && admins[0] === userId) throw lastAdmin();
        await trx.updateTable("clinicians").set({ roles }).where("id", "=", userId).execute();
        return person.roles;
      });
      deps.staffEnded(userId);
      await audit.record({
        visitId: null,
        actor: actor(admin.userId),
        action: "account.roles-changed",
        detail: { userId, from: before.join(","), to: roles.join(",") },
      });
    },

    /** Turns an account off: every session ends and every socket disconnects, on every instance. */
    async deactivate(admin: StaffPrincipal, userId: string) {
      const ended = await db.transaction().execute(async (trx) => {
        const person = await personIn(trx, admin.clinicId, userId);
        if (person.deactivated_at) return 0;
        const admins = await lockedAdmins(trx, admin.clinicId);
        if (admins.length === 1 && admins[0] === userId) throw lastAdmin();
        await trx
          .updateTable("clinicians")
          .set({ deactivated_at: new Date() })
          .where("id", "=", userId)
          .execute();
        await tokens.revoke({ purpose: "reset", clinicianId: userId }, trx);
        return (await endSessions(trx, userId)).length;
      });
      deps.staffEnded(userId);
      await audit.record({
        visitId: null,
        actor: actor(admin.userId),
        action: "account.deactivated",
        detail: { userId, sessionsEnded: ended },
      });
    },

    async reactivate(admin: StaffPrincipal, userId: string) {
      await db.transaction().execute(async (trx) => {
        await personIn(trx, admin.clinicId, userId);
        await trx.updateTable("clinicians").set({ deactivated_at: null }).where("id", "=", userId).execute();
      });
      await audit.record({
        visitId: null,
        actor: actor(admin.userId),
        action: "account.reactivated",
        detail: { userId },
      });
    },
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;
