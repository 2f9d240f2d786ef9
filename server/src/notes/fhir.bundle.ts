// A visit as a FHIR R4 Bundle (issue 14): Patient (display name only), Practitioner, Encounter,
// Condition (assessments), Observation (measurements and reported symptoms),
// MedicationStatement, AllergyIntolerance, ServiceRequest (tests, referrals), CarePlan
// (treatment, follow-up, return precautions), DocumentReference (the note and the patient's
// summary as text), Provenance (drafted by the scribe, reviewed and signed by the clinician), and
// what the patient sent during the visit (issue 30): photos as Media, PDFs as DocumentReference.
// Pure: ids are derived from the visit id, so the same visit gives the same Bundle.
import { createHash } from "node:crypto";
import type { Attachment, Finding } from "@bedside/shared";
import type {
  AllergyIntolerance,
  Bundle,
  BundleEntry,
  CarePlan,
  CodeableConcept,
  Condition,
  DocumentReference,
  Encounter,
  Media,
  MedicationStatement,
  Observation,
  Patient,
  Practitioner,
  Provenance,
  Reference,
  Resource,
  ServiceRequest,
} from "@medplum/fhirtypes";
import { WARNING_PREFIX_LEAD } from "../findings/warning.rules.js";

export interface FhirVisit {
  id: string;
  patientDisplayName: string;
  clinicianName: string;
  start: string;
  end?: string;
}

export interface FhirBundleInput {
  visit: FhirVisit;
  /** The approved findings. */
  findings: Finding[];
  /** The note as plain text (the signed one, in an export). */
  noteText: string;
  /** The patient's after-visit summary as plain text. */
  summaryText: string;
  /** Who signed the note and when; absent for a draft (the evaluation's Bundles). */
  signed?: { by: string; at: string };
  /** Which engine drafted the findings and note. */
  engine: string;
  /** When the Bundle was made. */
  at: string;
  /** Photos and documents the patient sent, as stored (re-encoded images, checked PDFs). */
  attachments?: ReadonlyArray<{ attachment: Attachment; bytes: Uint8Array }>;
}

const SCT = "http://snomed.info/sct";
const LOINC = "http://loinc.org";

/** A stable UUID (v5-shaped) for one resource of one visit. */
export function resourceUuid(visitId: string, key: string): string {
  const h = createHash("sha1").update(`bedside:${visitId}:${key}`).digest("hex");
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const text = (t: string): CodeableConcept => ({ text: t });
const coded = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
  ...(display ? { text: display } : {}),
});

/** A finding's name without its label or status ("Allergy: penicillin" → "penicillin"). */
function nameOf(f: Finding): string {
  return f.text
    .replace(/^(?:chief concern|allergy):\s*/i, "")
    .replace(WARNING_PREFIX_LEAD, "")
    .replace(/\s*\((?:started|stopped|changed|continued)\)$/i, "")
    .trim();
}

const base64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

export function visitBundle(input: FhirBundleInput): Bundle {
  const { visit, findings, signed } = input;
  const entries: BundleEntry[] = [];
  const add = <T extends Resource>(key: string, resource: T): Reference<T> => {
    const id = resourceUuid(visit.id, key);
    const withId = { ...resource, id };
    entries.push({ fullUrl: `urn:uuid:${id}`, resource: withId });
    return { reference: `urn:uuid:${id}` } as Reference<T>;
  };
  const of = (kind: Finding["kind"]) => findings.filter((f) => f.kind === kind);

  const patient = add<Patient>("patient", {
    resourceType: "Patient",
    // The display name the clinician typed when booking: Bedside keeps no other identity.
    name: [{ text: visit.patientDisplayName }],
  });
  const practitioner = add<Practitioner>("practitioner", {
    resourceType: "Practitioner",
    name: [{ text: visit.clinicianName }],
  });
  const encounter = add<Encounter>("encounter", {
    resourceType: "Encounter",
    status: visit.end ? "finished" : "in-progress",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "VR", display: "virtual" },
    subject: patient,
    participant: [{ individual: { ...practitioner, display: visit.clinicianName } }],
    period: { start: visit.start, ...(visit.end ? { end: visit.end } : {}) },
    ...(of("chief_concern")[0] ? { reasonCode: of("chief_concern").map((f) => text(nameOf(f))) } : {}),
  });
  const context = { subject: patient, encounter };
  const targets: Reference[] = [patient, practitioner, encounter];

  findings.forEach((f, i) => {
    const key = `finding:${f.id}:${i}`;
    switch (f.kind) {
      case "assessment":
        targets.push(
          add<Condition>(key, {
            resourceType: "Condition",
            clinicalStatus: coded("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            verificationStatus: coded(
              "http://terminology.hl7.org/CodeSystem/condition-ver-status",
              "provisional",
            ),
            category: [
              coded(
                "http://terminology.hl7.org/CodeSystem/condition-category",
                "encounter-diagnosis",
                "Encounter Diagnosis",
              ),
            ],
            code: text(nameOf(f)),
            ...context,
            recordedDate: input.at,
          }),
        );
        break;
      case "measurement":
      case "symptom": {
        const symptom = f.kind === "symptom";
        const detail = symptom
          ? [
              f.details.severity,
              f.details.onset && `onset ${f.details.onset}`,
              f.details.duration && `for ${f.details.duration}`,
            ]
              .filter(Boolean)
              .join(", ")
          : (f.details.value ?? "");
        targets.push(
          add<Observation>(key, {
            resourceType: "Observation",
            status: "preliminary",
            ...(symptom
              ? {}
              : {
                  category: [
                    coded("http://terminology.hl7.org/CodeSystem/observation-category", "exam", "Exam"),
                  ],
                }),
            code: text(symptom ? (f.term ?? nameOf(f)) : nameOf(f)),
            ...context,
            ...(symptom ? { valueBoolean: true } : { valueString: detail || nameOf(f) }),
            ...(symptom && detail ? { note: [{ text: detail }] } : {}),
          }),
        );
        break;
      }
      case "medication": {
        const d = f.details;
        const dosage = [d.dose, d.frequency].filter(Boolean).join(" ");
        targets.push(
          add<MedicationStatement>(key, {
            resourceType: "MedicationStatement",
            status: d.status === "stopped" ? "stopped" : "active",
            medicationCodeableConcept: text(
              d.saidAs && f.term ? `${d.saidAs} (${f.term})` : (f.term ?? nameOf(f)),
            ),
            subject: patient,
            context: encounter,
            dateAsserted: input.at,
            ...(dosage ? { dosage: [{ text: dosage }] } : {}),
            ...(d.status ? { note: [{ text: d.status }] } : {}),
          }),
        );
        break;
      }
      case "allergy": {
        const none = f.term === "no known allergies" || /^no known/i.test(f.text);
        // "No known allergies" beside an allergy named would contradict it (the note leaves it out too).
        if (none && of("allergy").some((a) => a.term !== "no known allergies" && !/^no known/i.test(a.text)))
          break;
        targets.push(
          add<AllergyIntolerance>(key, {
            resourceType: "AllergyIntolerance",
            clinicalStatus: coded(
              "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
              "active",
            ),
            verificationStatus: coded(
              "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
              "unconfirmed",
            ),
            code: none ? coded(SCT, "716186003", "No known allergy") : text(nameOf(f)),
            patient,
            encounter,
            recordedDate: input.at,
          }),
        );
        break;
      }
      case "plan":
        if (f.details.category === "test" || f.details.category === "referral") {
          targets.push(
            add<ServiceRequest>(key, {
              resourceType: "ServiceRequest",
              status: "active",
              intent: "order",
              category: [
                f.details.category === "referral"
                  ? coded(SCT, "3457005", "Patient referral")
                  : coded(SCT, "108252007", "Laboratory procedure"),
              ],
              code: text(nameOf(f)),
              ...context,
              authoredOn: input.at,
              requester: practitioner,
            }),
          );
        }
        break;
      case "chief_concern": // the Encounter's reason
      case "follow_up": // in the CarePlan below
      case "warning_sign":
        break;
    }
  });

  // One care plan: the treatment plan, the follow-up, and when to seek care now.
  const activities = [
    ...of("plan").filter((f) => f.details.category !== "test" && f.details.category !== "referral"),
    ...of("follow_up"),
  ];
  const warnings = of("warning_sign");
  if (activities.length > 0 || warnings.length > 0) {
    targets.push(
      add<CarePlan>("careplan", {
        resourceType: "CarePlan",
        status: "active",
        intent: "plan",
        title: "Plan of care",
        subject: patient,
        encounter,
        created: input.at,
        author: practitioner,
        ...(activities.length > 0
          ? {
              activity: activities.map((f) => ({
                detail: {
                  status: "not-started" as const,
                  description: nameOf(f),
                  ...(f.kind === "follow_up" && f.details.when ? { scheduledString: f.details.when } : {}),
                },
              })),
            }
          : {}),
        ...(warnings.length > 0 ? { note: warnings.map((f) => ({ text: f.text })) } : {}),
      }),
    );
  }

  const document = (
    key: string,
    title: string,
    type: CodeableConcept,
    body: string,
  ): Reference<DocumentReference> =>
    add<DocumentReference>(key, {
      resourceType: "DocumentReference",
      status: "current",
      docStatus: signed ? "final" : "preliminary",
      type,
      subject: patient,
      date: signed?.at ?? input.at,
      author: [practitioner],
      ...(signed ? { authenticator: { ...practitioner, display: signed.by } } : {}),
      description: title,
      content: [{ attachment: { contentType: "text/plain; charset=utf-8", data: base64(body), title } }],
      context: {
        encounter: [encounter],
        ...(visit.start ? { period: { start: visit.start, ...(visit.end ? { end: visit.end } : {}) } } : {}),
      },
    });
  targets.push(document("note", "Clinical note", coded(LOINC, "11506-3", "Progress note"), input.noteText));
  targets.push(
    document(
      "summary",
      "After-visit summary for the patient",
      text("Patient after-visit summary"),
      input.summaryText,
    ),
  );

  // The patient's own files: not drafted by the scribe, so not among the Provenance's targets.
  for (const { attachment: a, bytes } of input.attachments ?? []) {
    const content = {
      contentType: a.contentType,
      data: Buffer.from(bytes).toString("base64"),
      size: bytes.length,
      creation: a.sentAt,
    };
    if (a.contentType === "application/pdf") {
      add<DocumentReference>(`attachment:${a.id}`, {
        resourceType: "DocumentReference",
        status: "current",
        type: text("Document sent by the patient"),
        subject: patient,
        date: a.sentAt,
        author: [patient],
        description: "Document sent by the patient during the visit",
        content: [{ attachment: { ...content, title: "Document from the patient" } }],
        context: { encounter: [encounter] },
      });
    } else {
      add<Media>(`attachment:${a.id}`, {
        resourceType: "Media",
        status: "completed",
        type: coded("http://terminology.hl7.org/CodeSystem/media-type", "image", "Image"),
        subject: patient,
        encounter,
        createdDateTime: a.sentAt,
        operator: patient,
        ...(a.width ? { width: a.width } : {}),
        ...(a.height ? { height: a.height } : {}),
        content: { ...content, title: "Photo from the patient" },
      });
    }
  }

  add<Provenance>("provenance", {
    resourceType: "Provenance",
    target: targets,
    recorded: signed?.at ?? input.at,
    reason: [text("AI-assisted documentation: drafted from the visit transcript, reviewed by the clinician")],
    activity: coded("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create"),
    agent: [
      {
        type: coded(
          "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
          "assembler",
          "Assembler",
        ),
        who: { display: `Bedside scribe (${input.engine} engine)` },
      },
      ...(signed
        ? [
            {
              type: coded(
                "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "verifier",
                "Verifier",
              ),
              who: { ...practitioner, display: signed.by },
            },
            {
              type: coded(
                "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "attester",
                "Attester",
              ),
              who: { ...practitioner, display: signed.by },
            },
          ]
        : []),
    ],
    ...(signed
      ? {
          signature: [
            {
              type: [
                {
                  system: "urn:iso-astm:E1762-95:2013",
                  code: "1.2.840.10065.1.12.1.1",
                  display: "Author's Signature",
                },
              ],
              when: signed.at,
              who: { ...practitioner, display: signed.by },
            },
          ],
        }
      : {}),
  });

  return {
    resourceType: "Bundle",
    id: resourceUuid(visit.id, "bundle"),
    type: "collection",
    timestamp: input.at,
    entry: entries,
  };
}
