import type { CheckInRequest, JoinInfo, ScribeConsent } from "@bedside/shared";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { errorText } from "../../lib/errors";
import { formatTime } from "../../lib/i18n";
import { measureConnection, playTestSound, useMediaCheck, type DeviceStatus } from "./use-media-check";

export interface CheckInResult extends CheckInRequest {
  /** Join without sending video: chosen, or because no camera works. */
  audioOnly: boolean;
}

const bold = { b: <strong /> };

function DeviceHelp({ camera, microphone }: { camera: DeviceStatus; microphone: DeviceStatus }) {
  const { t } = useTranslation();
  if (camera === "denied" || microphone === "denied") {
    return (
      <div className="notice" role="alert">
        <p>
          <strong>{camera === "denied" ? t("checkIn.blockedCamera") : t("checkIn.blockedMicrophone")}</strong>
        </p>
        <p>
          <Trans i18nKey="checkIn.blockedHelp" components={bold} />
        </p>
      </div>
    );
  }
  if (camera === "missing" || microphone === "missing") {
    return (
      <div className="notice" role="status">
        <p>
          <Trans
            i18nKey={camera === "missing" ? "checkIn.noCamera" : "checkIn.noMicrophone"}
            components={bold}
          />
          {camera === "missing" && microphone === "ok" && ` ${t("checkIn.voiceStillWorks")}`}
        </p>
      </div>
    );
  }
  return null;
}

export function CheckInPage({
  info,
  pingUrl,
  onCheckIn,
}: {
  info: JoinInfo;
  pingUrl: string;
  onCheckIn: (result: CheckInResult) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { camera, microphone, stream, level, retry } = useMediaCheck();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [speaker, setSpeaker] = useState<"untested" | "playing" | "asked" | "heard" | "not-heard">(
    "untested",
  );
  const [rtt, setRtt] = useState<number | null | undefined>(undefined);
  const [consent, setConsent] = useState<ScribeConsent>();
  const [audioOnly, setAudioOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const errorId = useId();

  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = stream ?? null;
  }, [stream]);
  useEffect(() => {
    void measureConnection(pingUrl).then(setRtt);
  }, [pingUrl]);

  const noCamera = camera !== "ok";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!consent) {
      setError(t("checkIn.consentMissing"));
      return;
    }
    const displayName = String(new FormData(event.currentTarget).get("displayName") ?? "");
    setBusy(true);
    setError(undefined);
    try {
      await onCheckIn({
        displayName,
        scribeConsent: consent,
        audioOnly: audioOnly || noCamera,
        deviceCheck: {
          camera: camera === "pending" ? "missing" : camera,
          microphone: microphone === "pending" ? "missing" : microphone,
          speakerTested: speaker === "heard",
          connectionRttMs: rtt ?? null,
        },
      });
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  }

  return (
    <main className="page page--narrow">
      <h1>{t("checkIn.title")}</h1>
      <p className="muted">
        {t(info.role === "patient" ? "checkIn.patientIntro" : "checkIn.interpreterIntro", {
          name: info.clinicianName,
          time: formatTime(info.scheduledAt),
        })}
      </p>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-describedby={error ? errorId : undefined}>
        <section className="card stack" aria-labelledby="devices-h">
          <h2 id="devices-h">{t("checkIn.devicesTitle")}</h2>
          <div className="preview">
            {camera === "ok" ? (
              <video
                ref={videoRef}
                className="preview__video"
                autoPlay
                playsInline
                muted
                aria-label={t("checkIn.yourCamera")}
              />
            ) : (
              <div className="preview__empty">
                {camera === "pending" ? t("checkIn.startingCamera") : t("checkIn.cameraOff")}
              </div>
            )}
          </div>
          <div className="meter-row">
            <span id="mic-label">{t("checkIn.microphone")}</span>
            <meter
              className="meter"
              aria-labelledby="mic-label"
              min={0}
              max={1}
              value={microphone === "ok" ? level : 0}
            />
            <span className="muted">
              {microphone === "ok" ? t("checkIn.sayHello") : t("checkIn.notWorking")}
            </span>
          </div>
          <DeviceHelp camera={camera} microphone={microphone} />
          {(camera === "denied" || camera === "missing" || microphone !== "ok") &&
            microphone !== "pending" && (
              <button type="button" className="button" onClick={retry}>
                {t("common.tryAgain")}
              </button>
            )}
          {camera === "ok" && (
            <label className="check">
              <input type="checkbox" checked={audioOnly} onChange={(e) => setAudioOnly(e.target.checked)} />
              {t("checkIn.voiceOnly")}
            </label>
          )}
        </section>

        <section className="card stack" aria-labelledby="speaker-h">
          <h2 id="speaker-h">{t("checkIn.soundTitle")}</h2>
          {speaker === "asked" ? (
            <div className="row">
              <span>{t("checkIn.heardNotes")}</span>
              <button type="button" className="button" onClick={() => setSpeaker("heard")}>
                {t("common.yes")}
              </button>
              <button type="button" className="button" onClick={() => setSpeaker("not-heard")}>
                {t("common.no")}
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="button"
              disabled={speaker === "playing"}
              onClick={() => {
                setSpeaker("playing");
                void playTestSound().then(() => setSpeaker("asked"));
              }}
            >
              {speaker === "playing" ? t("checkIn.playing") : t("checkIn.playSound")}
            </button>
          )}
          {speaker === "heard" && <p className="ok">{t("checkIn.soundWorks")}</p>}
          {speaker === "not-heard" && <p>{t("checkIn.soundHelp")}</p>}
        </section>

        <section className="card stack" aria-labelledby="net-h">
          <h2 id="net-h">{t("checkIn.connectionTitle")}</h2>
          <p role="status">
            {rtt === undefined
              ? t("checkIn.checkingConnection")
              : rtt === null
                ? t("checkIn.noConnection")
                : rtt < 300
                  ? t("checkIn.goodConnection")
                  : t("checkIn.slowConnection")}
          </p>
        </section>

        <section className="card stack" aria-labelledby="you-h">
          <h2 id="you-h">{t("checkIn.aboutYouTitle")}</h2>
          <label className="field">
            <span>{t("checkIn.yourName")}</span>
            <input
              name="displayName"
              defaultValue={info.suggestedName}
              required
              maxLength={80}
              autoComplete="name"
            />
          </label>
          <fieldset className="consent">
            <legend>{t("checkIn.consentQuestion")}</legend>
            <p>
              {t("checkIn.consentText", { name: info.clinicianName })}
              {info.role === "patient" ? ` ${t("checkIn.consentSummary")}` : ""}{" "}
              <Trans i18nKey="checkIn.consentPrivacy" components={bold} />
            </p>
            <label className="check">
              <input
                type="radio"
                name="consent"
                checked={consent === "granted"}
                onChange={() => setConsent("granted")}
              />
              {t("checkIn.consentYes")}
            </label>
            <label className="check">
              <input
                type="radio"
                name="consent"
                checked={consent === "refused"}
                onChange={() => setConsent("refused")}
              />
              {t("checkIn.consentNo")}
            </label>
          </fieldset>
        </section>

        {error && (
          <p id={errorId} role="alert" className="error">
            {error}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy || microphone === "pending"}>
          {busy ? t("checkIn.joining") : t("checkIn.join")}
        </button>
      </form>
    </main>
  );
}
