import type { Bundle, MedicationStatement, Provenance, Resource } from "@medplum/fhirtypes";
import type { Transcript } from "@bedside/shared";
import { describe, expect, it } from "vitest";
import { extractFindings } from "../../src/findings/builtin.engine.js";
import { resourceUuid, visitBundle } from "../../src/notes/fhir.bundle.js";
import { fhirIssues } from "./fhir.validate.js";

const transcript: Transcript = [
  {
    id: "s0",
    speaker: "patient",
    text: "I've had a cough for three days and I take lisinopril 10 milligrams daily.",
  },
  { id: "s1", speaker: "patient", text: "I'm allergic to penicillin." },
  { id: "s2", speaker: "clinician", text: "Your blood pressure is 150 over 90." },
  {
    id: "s3",
    speaker: "clinician",
    text: "I think this is bronchitis. I'll order a chest x-ray and refer you to pulmonology.",
  },
  {
    id: "s4",
    speaker: "clinician",
    text: "Come back in two weeks. If you get chest pain, go to the emergency room.",
  },
];
const findings = extractFindings(transcript);
const input = {
  visit: {
    id: "v1",
    patientDisplayName: "Ana P.",
    clinicianName: "Dr. Rivera",
    start: "2026-11-28T10:00:00Z",
    end: "2026-11-28T10:20:00Z",
  },
  findings,
  noteText: "CHIEF COMPLAINT\nCough.",
  summaryText: "Your visit in short",
  engine: "builtin",
  at: "2026-11-28T10:30:00Z",
};
const types = (b: Bundle) => (b.entry ?? []).map((e) => e.resource?.resourceType);

describe("a visit as a FHIR R4 Bundle", () => {
  it("has every resource the record needs, and validates as R4", async () => {
    const bundle = visitBundle({ ...input, signed: { by: "Dr. Rivera", at: "2026-11-28T10:40:00Z" } });
    expect(new Set(types(bundle))).toEqual(
      new Set([
        "Patient",
        "Practitioner",
        "Encounter",
        "Condition",
        "Observation",
        "MedicationStatement",
        "AllergyIntolerance",
        "ServiceRequest",
        "CarePlan",
        "DocumentReference",
        "Provenance",
      ]),
    );
    expect(await fhirIssues(bundle)).toEqual([]);
    const patient = bundle.entry?.find((e) => e.resource?.resourceType === "Patient")?.resource;
    expect(patient).toEqual({
      resourceType: "Patient",
      id: resourceUuid("v1", "patient"),
      name: [{ text: "Ana P." }],
    });
  });

  it("says the note was AI-drafted, and signed by the clinician only when it was", async () => {
    const provenance = (b: Bundle) =>
      b.entry?.find((e) => e.resource?.resourceType === "Provenance")?.resource as Provenance;
    const signed = provenance(
      visitBundle({ ...input, signed: { by: "Dr. Rivera", at: "2026-11-28T10:40:00Z" } }),
    );
    expect(signed.agent.map((a) => a.type?.coding?.[0]?.code)).toEqual(["assembler", "verifier", "attester"]);
    expect(signed.signature?.[0]?.when).toBe("2026-11-28T10:40:00Z");
    const draft = visitBundle(input);
    expect(provenance(draft).signature).toBeUndefined();
    expect(await fhirIssues(draft)).toEqual([]);
    const docs = (draft.entry ?? []).filter((e) => e.resource?.resourceType === "DocumentReference");
    expect(docs.map((d) => (d.resource as { docStatus?: string }).docStatus)).toEqual([
      "preliminary",
      "preliminary",
    ]);
    const note = docs[0]?.resource as { content: { attachment: { data: string } }[] };
    expect(Buffer.from(note.content[0]?.attachment.data ?? "", "base64").toString()).toBe(input.noteText);
  });

  it("is the same Bundle for the same visit", () => {
    expect(visitBundle(input)).toEqual(visitBundle(input));
    expect(resourceUuid("v1", "patient")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("the validator refuses what is not R4 (so the checks above can fail)", async () => {
    const med = (visitBundle(input).entry ?? []).find(
      (e) => e.resource?.resourceType === "MedicationStatement",
    )?.resource as MedicationStatement;
    const { status: _drop, ...noStatus } = med;
    expect((await fhirIssues(noStatus as Resource)).join(" ")).toMatch(/status/);
    expect(await fhirIssues({ ...med, dosage: "daily", taken: true } as unknown as Resource)).not.toEqual([]);
  });
});
