import { contract, type InvitationInfo } from "@bedside/shared";
import { call } from "../../lib/api";

// The account routes (server/src/auth/accounts.routes.ts). Link secrets go in bodies, never URLs.
export const accountApi = {
  setupUsable: async (token: string) => (await call(contract.setupCheck, { body: { token } })).usable,
  setup: (body: {
    token: string;
    clinicName: string;
    email: string;
    displayName: string;
    password: string;
    alsoClinician: boolean;
  }) => call(contract.setup, { body }),
  invitation: async (token: string): Promise<InvitationInfo> =>
    await call(contract.invitation, { body: { token } }),
  accept: (body: { token: string; displayName: string; password: string }) =>
    call(contract.acceptInvitation, { body }),
  requestReset: (email: string) => call(contract.passwordReset, { body: { email } }),
  completeReset: (body: { token: string; password: string }) =>
    call(contract.completePasswordReset, { body }),
  // The server answers `{ ok: true }` (the client parsed it as `{ ok, ended }` before, and a
  // changed password was shown as a failure).
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    call(contract.changePassword, { body }),
};
