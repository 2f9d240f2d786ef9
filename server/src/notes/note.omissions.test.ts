import { noteOmissionSchema, type Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "../findings/builtin.engine.js";
import { composeNote } from "./note.compose.js";
import { findOmissions } from "./note.omissions.js";

const visit: Transcript = [
  { id: "o0", speaker: "clinician", text: "what brings you in today ?" },
  {
    id: "o1",
    speaker: "patient",
    text: "i've had a headache for three days and i feel dizzy when i stand up .",
  },
  { id: "o2", speaker: "patient", text: "no chest pain though ." },
  { id: "o3", speaker: "patient", text: "my wife gave me some of her gabapentin last night ." },
  { id: "o4", speaker: "clinician", text: "your blood pressure is 168 over 94 today ." },
  { id: "o5", speaker: "clinician", text: "i'm going to order a head ct just to be safe ." },
];

describe("the omissions list", () => {
  const empty = { sections: composeNote({ findings: [], transcript: [] }).sections };

  it("lists each medicine, number, affirmed symptom and order that nothing covers, with its quote", () => {
    const omissions = findOmissions({ transcript: visit, findings: [], note: empty });
    for (const o of omissions) expect(noteOmissionSchema.parse(o)).toEqual(o);
    const by = (kind: string) => omissions.filter((o) => o.kind === kind).map((o) => [o.term, o.segmentId]);
    expect(by("medicine")).toEqual([["gabapentin", "o3"]]);
    expect(by("number")).toEqual([["168/94", "o4"]]);
    expect(by("symptom")).toEqual([
      ["headache", "o1"],
      ["dizziness", "o1"],
    ]);
    expect(by("order").map(([term]) => term)).toEqual([expect.stringMatching(/ct/i)]);
    // The quote is the speaker's own words, verbatim.
    for (const o of omissions) {
      const seg = visit.find((s) => s.id === o.segmentId);
      expect(seg?.text).toContain(o.quote);
    }
  });

  it("leaves out what the patient denied", () => {
    const omissions = findOmissions({ transcript: visit, findings: [], note: empty });
    expect(omissions.map((o) => o.term)).not.toContain("chest pain");
  });

  it("leaves out what a finding or a note sentence already says", () => {
    const findings = extractFindings(visit);
    const note = composeNote({ findings, transcript: visit });
    const omissions = findOmissions({ transcript: visit, findings, note });
    const all =
      note.sections.flatMap((s) => s.sentences.map((x) => x.text)).join(" ") +
      findings.map((f) => f.text).join(" ");
    for (const o of omissions) expect(all.toLowerCase()).not.toContain(o.term.toLowerCase());
    // A note sentence the clinician adds covers its omission.
    const first = omissions[0];
    if (first) {
      const added = {
        sections: note.sections.map((s) =>
          s.key === first.suggestion.section
            ? {
                ...s,
                sentences: [...s.sentences, { text: first.suggestion.text, segmentIds: [first.segmentId] }],
              }
            : s,
        ),
      };
      const after = findOmissions({ transcript: visit, findings, note: added });
      expect(after.map((o) => o.term)).not.toContain(first.term);
    }
  });
});
