import type { ScribeParticipantState, ScribeState } from "@bedside/shared";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BedsideSocket } from "../../lib/socket";
import { useScribe } from "./use-scribe";

type Status =
  | { kind: "off" | "withdrawn" | "starting" | "listening" }
  | { kind: "paused" | "paused-everyone"; byMe: boolean; by: string | undefined };

/** What the scribe does with one person's voice. */
function statusOf(p: ScribeParticipantState | undefined, state: ScribeState, me: string): Status {
  if (!p || state.agent === "off") return { kind: "off" };
  if (state.agent === "starting" && p.state === "listening") return { kind: "starting" };
  switch (p.state) {
    case "listening":
      return { kind: "listening" };
    case "off":
      return { kind: p.reason === "withdrawn" ? "withdrawn" : "off" };
    case "paused":
      return {
        kind: p.reason === "paused-everyone" ? "paused-everyone" : "paused",
        byMe: p.pausedBy?.identity === me,
        by: p.pausedBy?.name,
      };
  }
}

/** The indicator's words for the person's own voice, from their side. */
function ownText(t: TFunction, s: Status): string {
  switch (s.kind) {
    case "off":
      return t("scribe.off");
    case "withdrawn":
      return t("scribe.withdrawn");
    case "starting":
      return t("scribe.starting");
    case "listening":
      return t("scribe.listening");
    case "paused":
      return s.byMe ? t("scribe.pausedByYou") : t("scribe.pausedBy", { name: s.by ?? t("scribe.someone") });
    case "paused-everyone":
      return s.byMe
        ? t("scribe.pausedEveryoneByYou")
        : t("scribe.pausedEveryoneBy", { name: s.by ?? t("scribe.someone") });
  }
}

/** For the clinician's list of the others: "listening", "paused by Ana". */
export function describe(
  t: TFunction,
  p: ScribeParticipantState | undefined,
  state: ScribeState,
  me: string,
): string {
  const s = statusOf(p, state, me);
  switch (s.kind) {
    case "off":
      return t("scribe.otherOff");
    case "withdrawn":
      return t("scribe.otherWithdrawn");
    case "starting":
      return t("scribe.otherStarting");
    case "listening":
      return t("scribe.otherListening");
    case "paused":
    case "paused-everyone": {
      const name = s.byMe ? t("call.you") : (s.by ?? t("scribe.someone"));
      return s.kind === "paused"
        ? t("scribe.otherPausedBy", { name })
        : t("scribe.otherPausedEveryoneBy", { name });
    }
  }
}

/**
 * The small indicator everyone in the call sees: whether the AI scribe is listening to them,
 * paused (and by whom) or off, with pause and resume for their own voice; the clinician can also
 * pause everyone. No transcript is shown during the call. It talks on `socket`, the one
 * connection the page already has (the guest's or the clinician's).
 */
export function ScribeIndicator({
  socket,
  identity,
  visitId,
  isClinician,
}: {
  socket: BedsideSocket | undefined;
  identity: string;
  visitId?: string;
  isClinician: boolean;
}) {
  const { t } = useTranslation();
  const { state, error, act, withdraw } = useScribe({ socket, visitId });
  const [stopping, setStopping] = useState(false);
  const [deleteMine, setDeleteMine] = useState(false);
  if (!state) return null;
  const mine = state.participants.find((p) => p.identity === identity);
  const pausedSelf = mine?.reason === "paused-self";
  const canToggle = mine && (mine.state === "listening" || pausedSelf);
  return (
    <div className="scribe-indicator" data-state={mine?.state ?? "off"}>
      <span
        role="status"
        aria-label={t("scribe.label")}
        className={`tag scribe-indicator__state--${mine?.state ?? "off"}`}
      >
        {ownText(t, statusOf(mine, state, identity))}
      </span>
      {canToggle && state.agent !== "off" && (
        <button
          type="button"
          className="button"
          onClick={() => void act(pausedSelf ? "scribe:resume" : "scribe:pause", "self")}
        >
          {pausedSelf ? t("scribe.resumeMe") : t("scribe.pauseMe")}
        </button>
      )}
      {!isClinician && mine && mine.reason !== "withdrawn" && !stopping && (
        <button type="button" className="button" onClick={() => setStopping(true)}>
          {t("scribe.stopMe")}
        </button>
      )}
      {!isClinician && stopping && mine?.reason !== "withdrawn" && (
        <div className="scribe-indicator__withdraw">
          <label>
            <input type="checkbox" checked={deleteMine} onChange={(e) => setDeleteMine(e.target.checked)} />{" "}
            {t("scribe.deleteMine")}
          </label>
          <button type="button" className="button" onClick={() => void withdraw(deleteMine)}>
            {t("scribe.stopRest")}
          </button>
          <button type="button" className="button" onClick={() => setStopping(false)}>
            {t("scribe.keepOn")}
          </button>
        </div>
      )}
      {isClinician && state.agent !== "off" && (
        <button
          type="button"
          className="button"
          onClick={() => void act(state.pausedForEveryone ? "scribe:resume" : "scribe:pause", "everyone")}
        >
          {state.pausedForEveryone ? t("scribe.resumeEveryone") : t("scribe.pauseEveryone")}
        </button>
      )}
      {isClinician && (
        <ul className="scribe-indicator__others" aria-label={t("scribe.eachPerson")}>
          {state.participants
            .filter((p) => p.identity !== identity)
            .map((p) => (
              <li key={p.identity}>
                {p.name}: {describe(t, p, state, identity)}
              </li>
            ))}
        </ul>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
