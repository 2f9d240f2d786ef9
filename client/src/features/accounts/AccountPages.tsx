import type { InvitationInfo } from "@bedside/shared";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../lib/api";
import { accountApi } from "./account-api";
import { AccountForm, NewPasswordField } from "./AccountForm";

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

function Unusable({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <main className="page page--narrow">
      <p role="alert">{message}</p>
      <Link to="/sign-in">{t("accounts.goToSignIn")}</Link>
    </main>
  );
}

/** The one-time link `start` prints: creates the clinic's first admin, then signs them in. */
export function SetupPage({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [usable, setUsable] = useState<boolean>();
  useEffect(() => {
    accountApi.setupUsable(token).then(setUsable, () => setUsable(false));
  }, [token]);
  if (usable === undefined) return <main className="page" aria-busy="true" />;
  if (!usable) return <Unusable message={t("accounts.linkUnusable")} />;
  return (
    <AccountForm
      title={t("accounts.setupTitle")}
      intro={t("accounts.setupIntro")}
      submit={t("accounts.createAdmin")}
      onSubmit={async (f) => {
        await accountApi.setup({
          token,
          clinicName: text(f, "clinicName"),
          email: text(f, "email"),
          displayName: text(f, "displayName"),
          password: text(f, "password"),
          alsoClinician: f.get("alsoClinician") === "on",
        });
        onDone();
      }}
    >
      <label className="field">
        <span>{t("accounts.clinicName")}</span>
        <input name="clinicName" required maxLength={120} autoComplete="organization" />
      </label>
      <label className="field">
        <span>{t("accounts.yourName")}</span>
        <input name="displayName" required maxLength={120} autoComplete="name" />
      </label>
      <label className="field">
        <span>{t("accounts.email")}</span>
        <input name="email" type="email" required autoComplete="username" />
      </label>
      <NewPasswordField label={t("accounts.password")} />
      <label>
        <input name="alsoClinician" type="checkbox" defaultChecked /> {t("accounts.alsoClinician")}
      </label>
    </AccountForm>
  );
}

/** An invitation link from email: says who invited them as what, then sets their name and password. */
export function InvitationPage({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<InvitationInfo | "unusable">();
  useEffect(() => {
    accountApi.invitation(token).then(setInfo, () => setInfo("unusable"));
  }, [token]);
  if (!info) return <main className="page" aria-busy="true" />;
  if (info === "unusable") return <Unusable message={t("accounts.linkUnusable")} />;
  return (
    <AccountForm
      title={t("accounts.invitationTitle", { clinic: info.clinicName })}
      intro={t("accounts.invitationIntro", {
        roles: info.roles.map((r) => t(`accounts.roles.${r}`)).join(", "),
        email: info.email,
      })}
      submit={t("accounts.acceptInvitation")}
      onSubmit={async (f) => {
        await accountApi.accept({
          token,
          displayName: text(f, "displayName"),
          password: text(f, "password"),
        });
        onDone();
      }}
    >
      <label className="field">
        <span>{t("accounts.yourName")}</span>
        <input
          name="displayName"
          required
          maxLength={120}
          autoComplete="name"
          defaultValue={info.displayName ?? ""}
        />
      </label>
      <NewPasswordField label={t("accounts.password")} />
    </AccountForm>
  );
}

/** Asks for a reset link; the answer is the same whether or not the email has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState<string>();
  if (sent)
    return (
      <main className="page page--narrow">
        <p role="status">{sent}</p>
        <Link to="/sign-in">{t("accounts.goToSignIn")}</Link>
      </main>
    );
  return (
    <AccountForm
      title={t("accounts.forgotTitle")}
      intro={t("accounts.forgotIntro")}
      submit={t("accounts.sendLink")}
      onSubmit={async (f) => setSent((await accountApi.requestReset(text(f, "email"))).message)}
    >
      <label className="field">
        <span>{t("accounts.email")}</span>
        <input name="email" type="email" required autoComplete="username" />
      </label>
    </AccountForm>
  );
}

/** The reset link from email: a new password; every session of the account ends. */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  if (done)
    return (
      <main className="page page--narrow">
        <p role="status">{t("accounts.resetDone")}</p>
        <Link to="/sign-in">{t("accounts.goToSignIn")}</Link>
      </main>
    );
  return (
    <AccountForm
      title={t("accounts.resetTitle")}
      intro={t("accounts.resetIntro")}
      submit={t("accounts.save")}
      onSubmit={async (f) => {
        await accountApi.completeReset({ token, password: text(f, "password") });
        setDone(true);
      }}
    >
      <NewPasswordField label={t("accounts.newPassword")} />
    </AccountForm>
  );
}

/** A signed-in person's own password, inline on their screen (needs the current one). */
export function ChangePassword() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <>
        {done && <p role="status">{t("accounts.changed")}</p>}
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t("accounts.changeTitle")}
        </button>
      </>
    );
  return (
    <form
      className="stack"
      aria-label={t("accounts.changeTitle")}
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setBusy(true);
        accountApi
          .changePassword({
            currentPassword: text(f, "currentPassword"),
            newPassword: text(f, "newPassword"),
          })
          .then(
            () => {
              setOpen(false);
              setDone(true);
              setError(undefined);
            },
            (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)),
          )
          .finally(() => setBusy(false));
      }}
    >
      <label className="field">
        <span>{t("accounts.currentPassword")}</span>
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <NewPasswordField name="newPassword" label={t("accounts.newPassword")} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button className="button button--primary" type="submit" disabled={busy}>
        {busy ? t("accounts.working") : t("accounts.save")}
      </button>
    </form>
  );
}
