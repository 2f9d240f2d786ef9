import type { ScribeParticipantState, ScribeState } from "@bedside/shared";
import { useState } from "react";
import type { BedsideSocket } from "../../lib/socket";
import { useScribe } from "./use-scribe";

/** What the scribe does with one person's voice, in plain words, from that person's side. */
export function describe(p: ScribeParticipantState | undefined, state: ScribeState, me: string): string {
  if (!p || state.agent === "off") return "off";
  if (state.agent === "starting" && p.state === "listening") return "starting";
  switch (p.state) {
    case "listening":
      return "listening";
    case "off":
      return p.reason === "withdrawn" ? "off (consent withdrawn)" : "off";
    case "paused": {
      const by = p.pausedBy?.identity === me ? "you" : (p.pausedBy?.name ?? "someone");
      return p.reason === "paused-everyone" ? `paused for everyone by ${by}` : `paused by ${by}`;
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
  const { state, error, act, withdraw } = useScribe({ socket, visitId });
  const [stopping, setStopping] = useState(false);
  const [deleteMine, setDeleteMine] = useState(false);
  if (!state) return null;
  const mine = state.participants.find((p) => p.identity === identity);
  const text = describe(mine, state, identity);
  const pausedSelf = mine?.reason === "paused-self";
  const canToggle = mine && (mine.state === "listening" || pausedSelf);
  return (
    <div className="scribe-indicator" data-state={mine?.state ?? "off"}>
      <span
        role="status"
        aria-label="AI scribe"
        className={`tag scribe-indicator__state--${mine?.state ?? "off"}`}
      >
        AI scribe: {text === "listening" || text === "starting" ? `${text} to you` : `${text} for you`}
      </span>
      {canToggle && state.agent !== "off" && (
        <button
          type="button"
          className="button"
          onClick={() => void act(pausedSelf ? "scribe:resume" : "scribe:pause", "self")}
        >
          {pausedSelf ? "Resume scribe for me" : "Pause scribe for me"}
        </button>
      )}
      {!isClinician && mine && mine.reason !== "withdrawn" && !stopping && (
        <button type="button" className="button" onClick={() => setStopping(true)}>
          Stop the scribe for me
        </button>
      )}
      {!isClinician && stopping && mine?.reason !== "withdrawn" && (
        <div className="scribe-indicator__withdraw">
          <label>
            <input type="checkbox" checked={deleteMine} onChange={(e) => setDeleteMine(e.target.checked)} />{" "}
            Also delete what the AI helper wrote down of me
          </label>
          <button type="button" className="button" onClick={() => void withdraw(deleteMine)}>
            Stop for the rest of the visit
          </button>
          <button type="button" className="button" onClick={() => setStopping(false)}>
            Keep it on
          </button>
        </div>
      )}
      {isClinician && state.agent !== "off" && (
        <button
          type="button"
          className="button"
          onClick={() => void act(state.pausedForEveryone ? "scribe:resume" : "scribe:pause", "everyone")}
        >
          {state.pausedForEveryone ? "Resume scribe for everyone" : "Pause scribe for everyone"}
        </button>
      )}
      {isClinician && (
        <ul className="scribe-indicator__others" aria-label="Scribe for each person">
          {state.participants
            .filter((p) => p.identity !== identity)
            .map((p) => (
              <li key={p.identity}>
                {p.name}: {describe(p, state, identity)}
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
