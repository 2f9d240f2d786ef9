import type { ReviewFinding, VisitReview } from "@bedside/shared";

/** Where a visit's summary stands, for the release panel, the findings and the page's heading. */
export interface ReleaseState {
  /** Released to the patient at least once. */
  released: boolean;
  /**
   * Released, and nothing changed since: read-only until the clinician chooses to correct it.
   * Never frozen while approved findings differ from what the patient reads.
   */
  frozen: boolean;
  /** Approved findings that differ from the released ones (added, removed or edited since). */
  unreleasedChanges: boolean;
  /** When the patient's version was released (or last corrected); undefined before the first release. */
  lastRelease: Date | undefined;
  approved: ReviewFinding[];
  drafts: ReviewFinding[];
  ended: boolean;
  /** The release button's "why not" in one word, or undefined when it may be pressed. */
  blocked: "not-ended" | "nothing-approved" | "editing" | undefined;
}

/**
 * The release state of a review, from the server's answer and two things only the page knows:
 * whether the clinician chose to correct a released summary, and whether a finding is open in
 * the editor. Pure, so each rule is tested without a page.
 */
export function releaseState(
  review: VisitReview,
  page: { correcting: boolean; editing: boolean },
): ReleaseState {
  const { visit } = review;
  const released = visit.releasedAt !== null;
  const releasedIds = new Set(visit.releasedFindingIds);
  const last = visit.revisedAt ?? visit.releasedAt;
  const lastRelease = last === null ? undefined : new Date(last);
  const approved = review.findings.filter((f) => f.status === "approved");
  const drafts = review.findings.filter((f) => f.status === "draft");
  // Edits made after the release and not released yet (say, before a reload) keep the page correcting.
  const unreleasedChanges =
    released &&
    (approved.length !== releasedIds.size ||
      approved.some(
        (f) => !releasedIds.has(f.id) || (lastRelease !== undefined && new Date(f.updatedAt) > lastRelease),
      ));
  const ended = visit.state === "ended";
  return {
    released,
    frozen: released && !page.correcting && !unreleasedChanges,
    unreleasedChanges,
    lastRelease,
    approved,
    drafts,
    ended,
    blocked: !ended
      ? "not-ended"
      : approved.length === 0
        ? "nothing-approved"
        : page.editing
          ? "editing"
          : undefined,
  };
}
