import type { ScribeState } from "@bedside/shared";

/**
 * Whose words are not captioned and why, from the scribe indicator's state: a voice the scribe
 * does not hear (refused, withdrawn, paused, scribe off) has no captions.
 */
export function notCaptioned(state: ScribeState | undefined, me: string) {
  if (!state) return { unavailable: false, people: [] };
  if (state.agent === "off") return { unavailable: true, people: [] };
  const people = state.participants
    .filter((p) => p.state !== "listening")
    .map((p) => ({
      identity: p.identity,
      name: p.name,
      role: p.role,
      paused: p.state === "paused",
      you: p.identity === me,
    }));
  return { unavailable: false, people };
}
