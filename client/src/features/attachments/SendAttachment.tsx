import { attachmentRefusalSchema } from "@bedside/shared";
import { useId, useRef, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../lib/api";
import { errorText } from "../../lib/errors";
import { sendAttachment } from "./attachments-api";

type Status = { kind: "idle" } | { kind: "sending" } | { kind: "sent" } | { kind: "failed"; text: string };

/**
 * The patient sends a photo (the phone's camera opens: `capture`) or a file (JPEG, PNG, HEIC, PDF)
 * to the clinician, in the waiting room or the call. What happened is said in their language.
 */
export function SendAttachment({ participantToken }: { participantToken: string | undefined }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const statusId = useId();

  async function send(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    // The same file can be chosen again after a failure.
    e.target.value = "";
    if (!file || !participantToken) return;
    setStatus({ kind: "sending" });
    try {
      await sendAttachment(file, participantToken);
      setStatus({ kind: "sent" });
    } catch (err) {
      const reason = attachmentRefusalSchema.safeParse(err instanceof ApiError ? err.reason : undefined);
      setStatus({
        kind: "failed",
        text: reason.success ? t(`attachments.refused.${reason.data}`) : errorText(t, err),
      });
    }
  }

  const busy = status.kind === "sending";
  return (
    <div className="attachments-send" role="group" aria-label={t("attachments.title")}>
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid="attachment-camera"
        onChange={(e) => void send(e)}
      />
      <input
        ref={picker}
        type="file"
        accept="image/jpeg,image/png,image/heic,image/heif,.heic,.heif,application/pdf"
        hidden
        data-testid="attachment-file"
        onChange={(e) => void send(e)}
      />
      <button
        type="button"
        className="button"
        disabled={busy}
        aria-describedby={statusId}
        onClick={() => camera.current?.click()}
      >
        {t("attachments.photo")}
      </button>
      <button
        type="button"
        className="button"
        disabled={busy}
        aria-describedby={statusId}
        onClick={() => picker.current?.click()}
      >
        {t("attachments.file")}
      </button>
      <p
        id={statusId}
        className={status.kind === "failed" ? "error" : "muted"}
        role="status"
        aria-live="polite"
      >
        {status.kind === "sending" && t("attachments.sending")}
        {status.kind === "sent" && t("attachments.sent")}
        {status.kind === "failed" && status.text}
      </p>
    </div>
  );
}
