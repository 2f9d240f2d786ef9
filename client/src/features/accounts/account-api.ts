import { invitationInfoSchema, type InvitationInfo } from "@bedside/shared";
import { api } from "../../lib/api";

// The account routes (server/src/auth/accounts.routes.ts). Link secrets go in bodies, never URLs.
export const accountApi = {
  setupUsable: async (token: string) =>
    (await api<{ usable: boolean }>("/api/accounts/setup/check", { body: { token } })).usable,
  setup: (body: {
    token: string;
    clinicName: string;
    email: string;
    displayName: string;
    password: string;
    alsoClinician: boolean;
  }) => api("/api/accounts/setup", { body }),
  invitation: async (token: string): Promise<InvitationInfo> =>
    invitationInfoSchema.parse(await api("/api/accounts/invitation", { body: { token } })),
  accept: (body: { token: string; displayName: string; password: string }) =>
    api("/api/accounts/invitation/accept", { body }),
  requestReset: (email: string) => api<{ message: string }>("/api/auth/password-reset", { body: { email } }),
  completeReset: (body: { token: string; password: string }) =>
    api("/api/auth/password-reset/complete", { body }),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    api("/api/auth/password", { body }),
};
