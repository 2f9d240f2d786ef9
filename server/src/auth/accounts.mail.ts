// The words of account mail (staff-facing, English). No clinical text, ever.
import type { StaffRole } from "@bedside/shared";
import type { OutgoingMail } from "../mail/mail.service.js";

const roleNames: Record<StaffRole, string> = {
  admin: "admin",
  clinician: "clinician",
  front_desk: "front desk",
};

export function invitationMail(
  to: string,
  clinicName: string,
  roles: StaffRole[],
  url: string,
): OutgoingMail {
  return {
    to,
    subject: `You are invited to ${clinicName} on Bedside`,
    text: [
      `You have been invited to join ${clinicName} on Bedside as ${roles.map((r) => roleNames[r]).join(" and ")}.`,
      "",
      "Open this link to choose your password and sign in (it works once, for 72 hours):",
      url,
      "",
      "If you did not expect this, you can ignore this message.",
    ].join("\n"),
  };
}

export function resetMail(to: string, url: string): OutgoingMail {
  return {
    to,
    subject: "Reset your Bedside password",
    text: [
      "Someone (hopefully you) asked to reset the password of your Bedside account.",
      "",
      "Open this link to choose a new one (it works once, for 30 minutes). Every device signed in",
      "to your account is signed out when you do:",
      url,
      "",
      "If you did not ask for this, you can ignore this message: your password stays as it is.",
    ].join("\n"),
  };
}
