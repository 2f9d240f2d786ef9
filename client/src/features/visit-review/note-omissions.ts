import type { ClinicalNote, NoteOmission } from "@bedside/shared";

/** One omission's identity on the page: the same thing said in the same segment. */
export const omissionKey = (o: NoteOmission): string => `${o.kind}:${o.term.toLowerCase()}:${o.segmentId}`;

/**
 * "Add to note": the omission's suggested sentence at the end of its section, tracing to the
 * segment it was said in, marked as the clinician's (they chose it, and can still edit it).
 */
export function addOmission(note: ClinicalNote, o: NoteOmission): ClinicalNote {
  return {
    sections: note.sections.map((s) =>
      s.key === o.suggestion.section
        ? {
            ...s,
            sentences: [
              ...s.sentences,
              {
                text: o.suggestion.text,
                segmentIds: [o.segmentId],
                edited: true,
                ...(s.key === "assessment_plan" && s.sentences.at(-1)?.problem
                  ? { problem: s.sentences.at(-1)?.problem }
                  : {}),
              },
            ],
          }
        : s,
    ),
  };
}

/** The omissions still to decide on: neither added nor dismissed. */
export const openOmissions = (all: NoteOmission[], decided: ReadonlySet<string>): NoteOmission[] =>
  all.filter((o) => !decided.has(omissionKey(o)));
