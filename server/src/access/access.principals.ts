import type { Principal, StaffPrincipal } from "@bedside/shared";

// Who can be asking. The principals themselves are contracts (shared/): here are the server-side
// shapes built on them, declared once for every domain.

/** A patient or interpreter, by the participant token their check-in gave them. */
export type GuestPrincipal = Extract<Principal, { kind: "guest" }>;

/**
 * A current staff session. `mfaSetupRequired`: the account must have two-factor sign-in and has
 * none yet; such a session may only set it up (auth/mfa.routes.ts), nothing else.
 */
export interface StaffSession {
  principal: StaffPrincipal;
  expiresAt: Date;
  sessionId: string;
  mfaSetupRequired: boolean;
}

/**
 * What a connection's secret stands for, and until when: the socket layer re-checks it on every
 * command, disconnects at `expiresAt`, and files the socket under `tokenHash` (and the guest's
 * link) so that sign-out, a replaced check-in or a revoked link can disconnect it at once.
 */
export type SocketCredential =
  | { kind: "staff"; principal: StaffPrincipal; tokenHash: string; expiresAt: Date }
  | { kind: "guest"; principal: GuestPrincipal; tokenHash: string; linkId: string; expiresAt: Date };
