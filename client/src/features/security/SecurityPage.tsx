import { contract, type MfaEnrolment, type MfaStatus, type SessionInfo } from "@bedside/shared";
import QRCode from "qrcode";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ApiError, call } from "../../lib/api";

const messageOf = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

/** What this screen reads; each change below sets or invalidates its own. */
const securityKeys = {
  mfa: ["security", "mfa"] as const,
  sessions: ["security", "sessions"] as const,
  clinic: ["security", "clinic"] as const,
};

/**
 * The staff member's Security screen: two-factor sign-in (set up with a QR code, recovery codes
 * shown once, turn off), where they are signed in (sign out one, or everywhere), and for admins
 * the clinic's setting. While `setupRequired`, only the two-factor setup is shown.
 */
export function SecurityPage({
  setupRequired,
  isAdmin,
  onSetUp,
  onSignedOutEverywhere,
  onBack,
}: {
  setupRequired: boolean;
  isAdmin: boolean;
  /** Two-factor is on now (a session that was held may act). */
  onSetUp: () => void;
  onSignedOutEverywhere: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  return (
    <main className="page page--narrow stack">
      <h1>{t("security.title")}</h1>
      {setupRequired ? (
        <p role="status" className="notice">
          {t("security.setupRequired")}
        </p>
      ) : (
        <button type="button" className="button button--small" onClick={onBack}>
          {t("security.back")}
        </button>
      )}
      <TwoFactorSection onSetUp={onSetUp} />
      {!setupRequired && <SessionsSection onSignedOutEverywhere={onSignedOutEverywhere} />}
      {!setupRequired && isAdmin && <ClinicSection />}
    </main>
  );
}

function TwoFactorSection({ onSetUp }: { onSetUp: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mfa = useQuery({
    queryKey: securityKeys.mfa,
    queryFn: ({ signal }) => call(contract.mfaStatus, { signal }),
  });
  const status = mfa.data;
  const setStatus = (s: MfaStatus) => queryClient.setQueryData(securityKeys.mfa, s);
  const [enrolment, setEnrolment] = useState<MfaEnrolment & { qr: string }>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function start() {
    setError(undefined);
    try {
      const e = await call(contract.mfaEnrol);
      // Drawn here from the otpauth:// URI, as an SVG data URL: the secret goes to no other server.
      const svg = await QRCode.toString(e.uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
      setEnrolment({ ...e, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
    } catch (err) {
      setError(messageOf(err, t("security.saveFailed")));
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code")).trim();
    setBusy(true);
    setError(undefined);
    try {
      const { recoveryCodes } = await call(contract.mfaConfirm, { body: { code } });
      setEnrolment(undefined);
      setRecoveryCodes(recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: securityKeys.mfa });
    } catch (err) {
      setError(messageOf(err, t("security.saveFailed")));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      setStatus(
        await call(contract.mfaDisable, {
          body: { password: String(form.get("password")), code: String(form.get("code")).trim() },
        }),
      );
    } catch (err) {
      setError(messageOf(err, t("security.saveFailed")));
    } finally {
      setBusy(false);
    }
  }

  const shown = error ?? (mfa.error ? messageOf(mfa.error, t("security.saveFailed")) : undefined);
  const alert = shown && (
    <p id={errorId} role="alert" className="error">
      {shown}
    </p>
  );

  if (recoveryCodes) {
    const text = recoveryCodes.join("\n") + "\n";
    return (
      <section className="card stack" aria-labelledby="recovery-title">
        <h2 id="recovery-title">{t("security.recoveryTitle")}</h2>
        <p>{t("security.recoveryIntro")}</p>
        <ul className="recovery-codes" aria-label={t("security.recoveryTitle")}>
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <div className="row">
          <CopyButton text={text} />
          <a
            className="button button--small"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
            download="bedside-recovery-codes.txt"
          >
            {t("security.download")}
          </a>
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setRecoveryCodes(undefined);
              onSetUp();
            }}
          >
            {t("security.saved")}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="card stack" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t("security.twoFactor")}</h2>
      {status && (
        <p>
          {status.enabled ? t("security.on") : t("security.off")} {status.required && t("security.required")}{" "}
          {status.enabled && t("security.recoveryLeft", { count: status.recoveryCodesLeft })}
        </p>
      )}
      {status && !status.enabled && !enrolment && (
        <button type="button" className="button button--primary" onClick={() => void start()}>
          {t("security.setUp")}
        </button>
      )}
      {enrolment && (
        <form
          className="stack"
          onSubmit={(e) => void confirm(e)}
          aria-describedby={error ? errorId : undefined}
        >
          <p>{t("security.scan")}</p>
          <img src={enrolment.qr} alt={t("security.qrAlt")} width={200} height={200} />
          <label className="field">
            <span>{t("security.key")}</span>
            <input readOnly value={enrolment.secret} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <label className="field">
            <span>{t("security.confirmCode")}</span>
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
            />
          </label>
          {alert}
          <button className="button button--primary" type="submit" disabled={busy}>
            {t("security.confirm")}
          </button>
        </form>
      )}
      {status?.enabled && !status.required && (
        <form
          className="stack"
          onSubmit={(e) => void turnOff(e)}
          aria-describedby={error ? errorId : undefined}
        >
          <h3>{t("security.turnOff")}</h3>
          <label className="field">
            <span>{t("security.password")}</span>
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <label className="field">
            <span>{t("security.offCode")}</span>
            <input name="code" autoComplete="one-time-code" required />
          </label>
          {alert}
          <button className="button button--danger" type="submit" disabled={busy}>
            {t("security.turnOff")}
          </button>
        </form>
      )}
      {!enrolment && !(status?.enabled && !status.required) && alert}
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button button--small"
      onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
    >
      <span aria-live="polite">{copied ? t("security.copied") : t("security.copy")}</span>
    </button>
  );
}

function SessionsSection({ onSignedOutEverywhere }: { onSignedOutEverywhere: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: securityKeys.sessions,
    queryFn: ({ signal }) => call(contract.sessions, { signal }),
  });
  const sessions = list.data?.sessions;
  const [failure, setError] = useState<string>();
  const error = failure ?? (list.error ? messageOf(list.error, t("security.saveFailed")) : undefined);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  async function end(s: SessionInfo) {
    setError(undefined);
    try {
      await call(contract.endSession, { params: { sessionId: s.id } });
      if (s.current) onSignedOutEverywhere();
      else await queryClient.invalidateQueries({ queryKey: securityKeys.sessions });
    } catch (err) {
      setError(messageOf(err, t("security.saveFailed")));
    }
  }

  async function everywhere() {
    setBusy(true);
    try {
      await call(contract.signOutEverywhere);
      onSignedOutEverywhere();
    } catch (err) {
      setError(messageOf(err, t("security.saveFailed")));
      setBusy(false);
      setConfirming(false);
    }
  }

  const when = (iso: string) =>
    new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="card stack" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t("security.sessions")}</h2>
      <ul className="session-list">
        {sessions?.map((s) => (
          <li key={s.id} className="row">
            <span className="grow">
              <strong>{s.device ?? t("security.unknownDevice")}</strong>
              {s.current && <> · {t("security.thisDevice")}</>}
              <br />
              <span className="muted">
                {t("security.signedIn", { when: when(s.createdAt) })},{" "}
                {t("security.lastUsed", { when: when(s.lastUsedAt) })}
              </span>
            </span>
            <button type="button" className="button button--small" onClick={() => void end(s)}>
              {t("security.signOutSession")}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" className="button button--danger-outline" onClick={() => setConfirming(true)}>
        {t("security.signOutEverywhere")}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t("security.signOutEverywhere")}
          confirmLabel={t("security.signOutEverywhere")}
          busy={busy}
          onConfirm={() => void everywhere()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t("security.signOutEverywhereConfirm")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ClinicSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const setting = useQuery({
    queryKey: securityKeys.clinic,
    queryFn: ({ signal }) => call(contract.clinicSecurity, { signal }),
  });
  const required = setting.data?.mfaRequired;
  const [failure, setError] = useState<string>();
  const error = failure ?? (setting.error ? messageOf(setting.error, t("security.saveFailed")) : undefined);

  async function change(mfaRequired: boolean) {
    setError(undefined);
    try {
      queryClient.setQueryData(
        securityKeys.clinic,
        await call(contract.setClinicSecurity, { body: { mfaRequired } }),
      );
    } catch (err) {
      setError(messageOf(err, t("security.saveFailed")));
    }
  }

  return (
    <section className="card stack" aria-labelledby="clinic-security-title">
      <h2 id="clinic-security-title">{t("security.clinic")}</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={required ?? false}
          disabled={required === undefined}
          onChange={(e) => void change(e.target.checked)}
        />
        <span>{t("security.requireAll")}</span>
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
