import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSessionStore } from "./session-store";

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const signIn = useSessionStore((s) => s.signIn);
  const error = useSessionStore((s) => s.error);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const { t } = useTranslation();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const ok = await signIn(String(form.get("email")), String(form.get("password")));
    setBusy(false);
    if (ok) onSignedIn();
  }

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
