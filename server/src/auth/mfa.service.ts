// Two-factor sign-in: enrolment (a secret shown once as a QR code and in text, confirmed by a first
// code), the code check behind sign-in's second step and behind turning it off, recovery codes, and
// an admin's reset. Every change is audited; secrets and codes never are.
import type { MfaEnrolment, MfaStatus, SignInCodeRequest } from "@bedside/shared";
import type { Auditor } from "../audit/audit.service.js";

import type { MfaRepository } from "./mfa.repository.js";
import {
  checkTotp,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  sealSecret,
  type TotpKey,
} from "./totp.js";
import { DomainError } from "../access/access.errors.js";

/** How long the step between password and code lasts, and how many codes one such step may try. */
export const PENDING_SIGN_IN_MS = 5 * 60_000;
export const PENDING_SIGN_IN_ATTEMPTS = 5;
const ISSUER = "Bedside";

export interface MfaServiceDeps {
  repo: MfaRepository;
  key: TotpKey;
  audit: Auditor;
}

const actor = (userId: string) => ({ kind: "clinician" as const, id: userId });

export function createMfaService(deps: MfaServiceDeps) {
  const { repo, key, audit } = deps;

  /** The account's confirmed authenticator secret, or undefined. */
  async function confirmedSecret(userId: string) {
    const cred = await repo.credential(userId);
    if (!cred?.confirmed_at) return undefined;
    return { secret: openSecret(key, userId, cred.secret_enc), lastStep: cred.last_step };
  }

  /** A code from the app, once per time step: the accepted step is recorded before the answer. */
  async function checkAppCode(userId: string, code: string): Promise<boolean> {
    const c = await confirmedSecret(userId);
    if (!c) return false;
    const step = await checkTotp(c.secret, code, c.lastStep === null ? null : Number(c.lastStep));
    return step !== undefined && (await repo.acceptStep(userId, step));
  }

  async function spendRecoveryCode(userId: string, code: string): Promise<boolean> {
    if (!(await repo.credential(userId))?.confirmed_at) return false;
    if (!(await repo.useRecoveryCode(userId, hashRecoveryCode(code)))) return false;
    await audit.record({
      visitId: null,
      actor: actor(userId),
      action: "mfa.recovery-code-used",
      detail: { left: await repo.recoveryCodesLeft(userId) },
    });
    return true;
  }

  /** A code from the app (six digits) or a recovery code (anything else), each good once. */
  const checkAnyCode = (userId: string, code: string) =>
    /^\d{6}$/.test(code) ? checkAppCode(userId, code) : spendRecoveryCode(userId, code);

  return {
    /** Whether the account must have two-factor (admins always; everyone when the clinic requires it). */
    required: (userId: string) => repo.required(userId),

    async enabled(userId: string): Promise<boolean> {
      return (await repo.credential(userId))?.confirmed_at != null;
    },

    async status(userId: string): Promise<MfaStatus> {
      const [enabled, required, recoveryCodesLeft] = await Promise.all([
        this.enabled(userId),
        repo.required(userId),
        repo.recoveryCodesLeft(userId),
      ]);
      return { enabled, required, recoveryCodesLeft: enabled ? recoveryCodesLeft : 0 };
    },

    /** A new secret to scan; replaces an unconfirmed one. Refused once two-factor is on. */
    async enrol(userId: string, accountName: string): Promise<MfaEnrolment> {
      const { secret, uri } = newTotpSecret(ISSUER, accountName);
      if (!(await repo.startEnrolment(userId, sealSecret(key, userId, secret)))) {
        throw new DomainError(
          "conflict",
          "Two-factor sign-in is already on. Turn it off first to set up a new app.",
        );
      }
      return { secret, uri };
    },

    /** The first code proves the app holds the secret: two-factor is on, and the recovery codes are shown once. */
    async confirm(userId: string, code: string): Promise<string[]> {
      const cred = await repo.credential(userId);
      if (!cred) throw new DomainError("conflict", "Start setting up two-factor sign-in first.");
      if (cred.confirmed_at) throw new DomainError("conflict", "Two-factor sign-in is already on.");
      const step = await checkTotp(
        openSecret(key, userId, cred.secret_enc),
        code,
        cred.last_step === null ? null : Number(cred.last_step),
      );
      const codes = newRecoveryCodes();
      if (step === undefined || !(await repo.confirm(userId, step, codes.map(hashRecoveryCode)))) {
        throw new DomainError(
          "bad_request",
          "That code is not right. Check the time on your phone and try the newest code.",
        );
      }
      await audit.record({ visitId: null, actor: actor(userId), action: "mfa.enabled", detail: {} });
      return codes;
    },

    /** Sign-in's second step: the app's code or a recovery code for this account. */
    async checkSignIn(userId: string, body: SignInCodeRequest): Promise<boolean> {
      return "code" in body ? checkAppCode(userId, body.code) : spendRecoveryCode(userId, body.recoveryCode);
    },

    /** Off, with a code (the password is checked by the route); refused while it is required. */
    async disable(userId: string, code: string): Promise<void> {
      if (await repo.required(userId)) {
        throw new DomainError(
          "forbidden",
          "Two-factor sign-in is required for your account and cannot be turned off.",
        );
      }
      if (!(await checkAnyCode(userId, code))) {
        throw new DomainError("bad_request", "That code is not right.");
      }
      await repo.remove(userId);
      await audit.record({ visitId: null, actor: actor(userId), action: "mfa.disabled", detail: {} });
    },

    /** An admin clears another account's two-factor (a lost phone): that person sets it up again. */
    async reset(adminId: string, userId: string): Promise<boolean> {
      const removed = await repo.remove(userId);
      await audit.record({
        visitId: null,
        actor: actor(adminId),
        action: "mfa.reset",
        detail: { userId, hadTwoFactor: removed },
      });
      return removed;
    },

    /** The clinic's setting: two-factor required for everyone (admins need it whatever it says). */
    clinicRequires: (clinicId: string) => repo.clinicRequires(clinicId),

    async setClinicRequires(adminId: string, clinicId: string, required: boolean): Promise<void> {
      if ((await repo.clinicRequires(clinicId)) === required) return;
      await repo.setClinicRequires(clinicId, required);
      await audit.record({
        visitId: null,
        actor: actor(adminId),
        action: "mfa.required-changed",
        detail: { clinicId, required },
      });
    },

    inClinic: (userId: string, clinicId: string) => repo.inClinic(userId, clinicId),

    startSignIn: (userId: string) => repo.createPending(userId, PENDING_SIGN_IN_MS),
    pendingAttempt: (token: string) => repo.pendingAttempt(token, PENDING_SIGN_IN_ATTEMPTS),
    spendPending: (token: string) => repo.spendPending(token),
  };
}
export type MfaService = ReturnType<typeof createMfaService>;
