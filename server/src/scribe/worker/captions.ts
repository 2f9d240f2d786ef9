// Who gets captions: pure, so the agent's room and a test read it the same way.
import { CAPTIONS_ATTRIBUTE } from "@bedside/shared";

/**
 * The people in the room who asked for captions for themselves (the server sets the attribute
 * from their `captions:set`; nobody can set their own: people's tokens may not update their
 * attributes). Everyone else — the clinician unless they turned captions on — gets nothing.
 */
export function captionTargets(
  participants: Iterable<{ identity: string; attributes: Record<string, string> }>,
  speaker: string,
): string[] {
  const to: string[] = [];
  for (const p of participants) {
    // Not one's own words (one knows what one said). Sent back to their speaker too, the e2e patient
    // (captioned, and with captions on) received few or none of the clinician's captions in
    // Chromium (word recall 0.39 and 0 in two runs; 0.94 without): not understood further.
    if (p.identity !== speaker && p.attributes[CAPTIONS_ATTRIBUTE] === "on") to.push(p.identity);
  }
  return to;
}
