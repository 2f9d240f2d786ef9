import type { ReviewFinding, VisitReview } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { releaseState } from "./release-state";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const finding = (n: number, status: ReviewFinding["status"], updatedAt = "2026-12-06T09:00:00.000Z") =>
  ({
    id: id(n),
    kind: "plan",
    text: `Finding ${n}`,
    details: {},
    evidence: [],
    status,
    source: "builtin",
    editedByClinician: false,
    updatedAt,
  }) satisfies ReviewFinding;

const review = (findings: ReviewFinding[], visit: Partial<VisitReview["visit"]> = {}): VisitReview => ({
  visit: {
    id: id(99),
    patientDisplayName: "Sam",
    state: "ended",
    endedAt: "2026-12-06T08:30:00.000Z",
    releasedAt: null,
    revisedAt: null,
    releasedFindingIds: [],
    ...visit,
  },
  transcript: [],
  findings,
  extraction: null,
});
const page = { correcting: false, editing: false };
const releasedAt = "2026-12-06T10:00:00.000Z";

describe("releaseState", () => {
  it("before the first release: not frozen, counts approved and drafts, and may release once one is approved", () => {
    const s = releaseState(
      review([finding(1, "approved"), finding(2, "draft"), finding(3, "removed")]),
      page,
    );
    expect(s).toMatchObject({ released: false, frozen: false, unreleasedChanges: false, blocked: undefined });
    expect(s.lastRelease).toBeUndefined();
    expect(s.approved.map((f) => f.id)).toEqual([id(1)]);
    expect(s.drafts.map((f) => f.id)).toEqual([id(2)]);
  });

  it("says why the release waits: the visit not ended, nothing approved, a finding open in the editor", () => {
    expect(releaseState(review([finding(1, "approved")], { state: "in_call" }), page).blocked).toBe(
      "not-ended",
    );
    expect(releaseState(review([finding(1, "draft")]), page).blocked).toBe("nothing-approved");
    expect(releaseState(review([finding(1, "approved")]), { ...page, editing: true }).blocked).toBe(
      "editing",
    );
  });

  it("released and unchanged: frozen, until the clinician chooses to correct it", () => {
    const r = review([finding(1, "approved"), finding(2, "removed")], {
      releasedAt,
      releasedFindingIds: [id(1)],
    });
    expect(releaseState(r, page)).toMatchObject({ released: true, frozen: true, unreleasedChanges: false });
    expect(releaseState(r, page).lastRelease).toEqual(new Date(releasedAt));
    expect(releaseState(r, { ...page, correcting: true }).frozen).toBe(false);
  });

  it("never frozen while the approved findings differ from what the patient reads", () => {
    const released = { releasedAt, releasedFindingIds: [id(1)] };
    // Approved since the release.
    const added = releaseState(review([finding(1, "approved"), finding(2, "approved")], released), page);
    expect(added).toMatchObject({ frozen: false, unreleasedChanges: true });
    // Unapproved since.
    const taken = releaseState(review([finding(1, "draft")], released), page);
    expect(taken).toMatchObject({ frozen: false, unreleasedChanges: true });
    // Edited (and approved again) after the release: still one finding, but not the released words.
    const edited = releaseState(review([finding(1, "approved", "2026-12-06T10:05:00.000Z")], released), page);
    expect(edited).toMatchObject({ frozen: false, unreleasedChanges: true });
  });

  it("a correction released again counts from its own time", () => {
    const r = review([finding(1, "approved", "2026-12-06T10:05:00.000Z")], {
      releasedAt,
      revisedAt: "2026-12-06T10:10:00.000Z",
      releasedFindingIds: [id(1)],
    });
    expect(releaseState(r, page)).toMatchObject({ frozen: true, unreleasedChanges: false });
    expect(releaseState(r, page).lastRelease).toEqual(new Date("2026-12-06T10:10:00.000Z"));
  });
});
