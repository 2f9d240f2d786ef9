import type { CheckInRequest, JoinInfo, ScribeConsent } from "@bedside/shared";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { measureConnection, playTestSound, useMediaCheck, type DeviceStatus } from "./use-media-check";

export interface CheckInResult extends CheckInRequest {
  /** Join without sending video: chosen, or because no camera works. */
  audioOnly: boolean;
}

const when = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });

function DeviceHelp({ camera, microphone }: { camera: DeviceStatus; microphone: DeviceStatus }) {
  if (camera === "denied" || microphone === "denied") {
    return (
      <div className="notice" role="alert">
        <p>
          <strong>Your browser is blocking the {camera === "denied" ? "camera" : "microphone"}.</strong>
        </p>
        <p>
          To fix it, tap the camera or lock icon next to the web address, choose <strong>Allow</strong>, then
          press <strong>Try again</strong>. On a phone, you may need to allow it in Settings for your browser.
        </p>
      </div>
    );
  }
  if (camera === "missing" || microphone === "missing") {
    return (
      <div className="notice" role="status">
        <p>
          We could not find a {camera === "missing" ? "camera" : "microphone"}. If one is plugged in, check it
          is not used by another app, then press <strong>Try again</strong>.
          {camera === "missing" && microphone === "ok" && " You can still join with your voice only."}
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

  const who = info.role === "patient" ? info.clinicianName : `${info.clinicianName}'s visit`;
  const noCamera = camera !== "ok";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!consent) {
      setError("Please choose whether the AI helper may take notes of what you say.");
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
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <main className="page page--narrow">
      <h1>Before you join</h1>
      <p className="muted">
        {info.role === "patient" ? `Your visit with ${who}` : `Interpreting for ${who}`}, today at{" "}
        {when(info.scheduledAt)}. This takes about a minute.
      </p>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-describedby={error ? errorId : undefined}>
        <section className="card stack" aria-labelledby="devices-h">
          <h2 id="devices-h">1. Camera and microphone</h2>
          <div className="preview">
            {camera === "ok" ? (
              <video
                ref={videoRef}
                className="preview__video"
                autoPlay
                playsInline
                muted
                aria-label="Your camera"
              />
            ) : (
              <div className="preview__empty">
                {camera === "pending" ? "Starting your camera…" : "Camera off"}
              </div>
            )}
          </div>
          <div className="meter-row">
            <span id="mic-label">Microphone</span>
            <meter
              className="meter"
              aria-labelledby="mic-label"
              min={0}
              max={1}
              value={microphone === "ok" ? level : 0}
            />
            <span className="muted">{microphone === "ok" ? "Say hello to test it" : "Not working"}</span>
          </div>
          <DeviceHelp camera={camera} microphone={microphone} />
          {(camera === "denied" || camera === "missing" || microphone !== "ok") &&
            microphone !== "pending" && (
              <button type="button" className="button" onClick={retry}>
                Try again
              </button>
            )}
          {camera === "ok" && (
            <label className="check">
              <input type="checkbox" checked={audioOnly} onChange={(e) => setAudioOnly(e.target.checked)} />
              Join with voice only (no video). This works better on a weak connection.
            </label>
          )}
        </section>

        <section className="card stack" aria-labelledby="speaker-h">
          <h2 id="speaker-h">2. Sound</h2>
          {speaker === "asked" ? (
            <div className="row">
              <span>Did you hear two notes?</span>
              <button type="button" className="button" onClick={() => setSpeaker("heard")}>
                Yes
              </button>
              <button type="button" className="button" onClick={() => setSpeaker("not-heard")}>
                No
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
              {speaker === "playing" ? "Playing…" : "Play a test sound"}
            </button>
          )}
          {speaker === "heard" && <p className="ok">Your sound works.</p>}
          {speaker === "not-heard" && <p>Turn up your volume, or plug in headphones, then play it again.</p>}
        </section>

        <section className="card stack" aria-labelledby="net-h">
          <h2 id="net-h">3. Connection</h2>
          <p role="status">
            {rtt === undefined
              ? "Checking your connection…"
              : rtt === null
                ? "We could not reach Bedside. Check your internet connection."
                : rtt < 300
                  ? "Your connection looks good."
                  : "Your connection is slow. Voice only may work better."}
          </p>
        </section>

        <section className="card stack" aria-labelledby="you-h">
          <h2 id="you-h">4. About you</h2>
          <label className="field">
            <span>Your name (as the clinician will see it)</span>
            <input
              name="displayName"
              defaultValue={info.suggestedName}
              required
              maxLength={80}
              autoComplete="name"
            />
          </label>
          <fieldset className="consent">
            <legend>May an AI helper take notes of what you say?</legend>
            <p>
              An AI helper can write down what is said in the visit. This lets {info.clinicianName} look at
              you, not at a screen. {info.clinicianName} checks the notes.
              {info.role === "patient" ? " Then you get a summary after the visit." : ""} Your voice is{" "}
              <strong>never recorded or saved</strong>, only the written words. You can pause it at any time.
            </p>
            <label className="check">
              <input
                type="radio"
                name="consent"
                checked={consent === "granted"}
                onChange={() => setConsent("granted")}
              />
              Yes, it may take notes of what I say
            </label>
            <label className="check">
              <input
                type="radio"
                name="consent"
                checked={consent === "refused"}
                onChange={() => setConsent("refused")}
              />
              No, do not take notes of what I say
            </label>
          </fieldset>
        </section>

        {error && (
          <p id={errorId} role="alert" className="error">
            {error}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy || microphone === "pending"}>
          {busy ? "Joining…" : "Join the waiting room"}
        </button>
      </form>
    </main>
  );
}
