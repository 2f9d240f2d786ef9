import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSessionStore } from "./session-store";

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const signIn = useSessionStore((s) => s.signIn);
  const error = useSessionStore((s) => s.error);
  const pendingToken = useSessionStore((s) => s.pendingToken);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const { t } = useTranslation();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await signIn(String(form.get("email")), String(form.get("password")));
    setBusy(false);
    if (result === "signed-in") onSignedIn();
  }

  if (pendingToken) return <CodeStep onSignedIn={onSignedIn} />;

  return (
    <main className="page page--narrow">
      <h1>Clinician sign-in</h1>
      <p className="muted">
        Patients and interpreters do not need an account: they join from the link they were sent.
      </p>
      <form
        className="card stack"
        onSubmit={(e) => void submit(e)}
        aria-describedby={error ? errorId : undefined}
      >
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p id={errorId} role="alert" className="error">
            {error}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t("accounts.forgotTitle")}</Link>
      </p>
    </main>
  );
}

/** Sign-in's second step: the app's 6-digit code, or a recovery code. */
function CodeStep({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const submitCode = useSessionStore((s) => s.submitCode);
  const cancelCode = useSessionStore((s) => s.cancelCode);
  const error = useSessionStore((s) => s.error);
  const [recovery, setRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("code")).trim();
    setBusy(true);
    const ok = await submitCode(recovery ? { recoveryCode: value } : { code: value });
    setBusy(false);
    if (ok) onSignedIn();
  }

  return (
    <main className="page page--narrow">
      <h1>{t("twoFactor.codeTitle")}</h1>
      <form
        className="card stack"
        onSubmit={(e) => void submit(e)}
        aria-describedby={error ? errorId : undefined}
      >
        <p>{recovery ? t("twoFactor.recoveryIntro") : t("twoFactor.codeIntro")}</p>
        <label className="field">
          <span>{recovery ? t("twoFactor.recoveryCode") : t("twoFactor.code")}</span>
          {recovery ? (
            <input key="recovery" name="code" autoComplete="off" required />
          ) : (
            <input
              key="code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              autoFocus
            />
          )}
        </label>
        {error && (
          <p id={errorId} role="alert" className="error">
            {error}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? t("twoFactor.verifying") : t("twoFactor.verify")}
        </button>
        <button type="button" className="button button--small" onClick={() => setRecovery(!recovery)}>
          {recovery ? t("twoFactor.useApp") : t("twoFactor.useRecovery")}
        </button>
        <button type="button" className="button button--small" onClick={cancelCode}>
          {t("twoFactor.startOver")}
        </button>
      </form>
    </main>
  );
}
