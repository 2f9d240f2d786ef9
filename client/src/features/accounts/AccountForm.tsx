import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../lib/api";

/**
 * A staff account form: its error is announced (role="alert") and tied to the form; the submit
 * button says when it is working. `onSubmit` throws an ApiError whose message is shown as is.
 */
export function AccountForm({
  title,
  intro,
  submit,
  onSubmit,
  children,
}: {
  title: string;
  intro?: ReactNode;
  submit: string;
  onSubmit: (form: FormData) => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const errorId = useId();
  async function handle(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(new FormData(event.currentTarget));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="page page--narrow">
      <h1>{title}</h1>
      {intro && <p className="muted">{intro}</p>}
      <form
        className="card stack"
        onSubmit={(e) => void handle(e)}
        aria-describedby={error ? errorId : undefined}
      >
        {children}
        {error && (
          <p id={errorId} role="alert" className="error">
            {error}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? t("accounts.working") : submit}
        </button>
      </form>
    </main>
  );
}

/** A new password with the policy said up front (read by screen readers with the field). */
export function NewPasswordField({ name = "password", label }: { name?: string; label: string }) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  // The hint sits outside the label: inside, it became part of the field's name ("Password At
  // least 10 characters…") besides being its description.
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        aria-describedby={hintId}
      />
      <small id={hintId} className="muted">
        {t("accounts.passwordHint")}
      </small>
    </div>
  );
}
