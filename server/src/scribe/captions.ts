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
    // Not one's own words: a text stream addressed to its own sender name did not arrive in
    // Chromium in the e2e journey (the others' captions stopped with it), and one knows what one said.
    if (p.identity !== speaker && p.attributes[CAPTIONS_ATTRIBUTE] === "on") to.push(p.identity);
  }
  return to;
}
