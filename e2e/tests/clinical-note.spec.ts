import { readFileSync } from "node:fs";
import { expect, snapshot, test } from "./fixtures";
import { spokenMicrophone, startScribedVisit, tempDir, untilTranscribed } from "./scribed-visit";
import { fhirIssues } from "../../server/tools/notes/fhir.validate";

/** Issue 14: after a scribed visit and review, the clinician edits, signs and copies the note, then downloads the FHIR R4 Bundle. */
const patientSays = ["I have had a bad cough for two weeks.", "I am allergic to penicillin."];
const clinicianSays = [
  "I think this is bronchitis.",
  "Take ibuprofen four hundred milligrams every six hours with food.",
  "Come back in two weeks.",
];

test("the clinician edits, signs and copies the clinical note and downloads a valid FHIR R4 Bundle", async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const dir = tempDir();
  const clinicianMicrophone = spokenMicrophone(dir, "clinician", "rms", clinicianSays);
  const patientMicrophone = spokenMicrophone(dir, "patient", "slt", patientSays);
  const visit = await startScribedVisit({
    baseURL: baseURL!,
    dir,
    consent: "Yes",
    clinicianMicrophone,
    patientMicrophone,
  });
  const { c } = visit;
  try {
    await untilTranscribed(
      c,
      visit.visitId,
      [
        { role: "patient", sentences: patientSays },
        { role: "clinician", sentences: clinicianSays },
      ],
      [clinicianMicrophone, patientMicrophone],
    );
    await visit.end();
    const transcript = await visit.settledTranscript();
    console.log(`clinical-note e2e transcript: ${transcript.map((s) => `${s.role}: ${s.text}`).join(" | ")}`);
    await c.getByRole("button", { name: "Review the notes" }).click();
    await c.getByRole("button", { name: "Suggest findings" }).click();
    const cards = c.getByRole("region", { name: "Findings" }).getByRole("article");
    await expect(cards.first()).toBeVisible();
    for (const button of await cards.getByRole("button", { name: "Approve" }).all()) await button.click();

    // The draft, from the findings approved now.
    const panel = c.getByRole("region", { name: "Clinical note" });
    await panel.getByRole("button", { name: "Draft again from approved findings" }).click();
    await expect(panel.getByText("Drafted again from the approved findings.")).toBeVisible();
    await expect(panel.getByRole("textbox", { name: /^Medications, sentence 1$/ })).toHaveValue(/ibuprofen/i);

    // A sentence's source lines open with its button (keyboard-reachable, not hover only).
    const source = panel.getByRole("button", { name: "Source" }).first();
    await source.focus();
    await c.keyboard.press("Enter");
    await expect(source).toHaveAttribute("aria-expanded", "true");
    await expect(panel.getByRole("note").first()).toBeVisible();

    // Edit: change the chief complaint, add a sentence to the plan, save.
    await panel.getByRole("textbox", { name: "Chief complaint, sentence 1" }).fill("Cough for two weeks.");
    await panel.getByRole("button", { name: "Add a sentence to follow-up" }).click();
    const follow = panel.getByRole("textbox", { name: /^Follow-up, sentence \d+$/ }).last();
    await follow.fill("Return sooner if short of breath.");
    await panel.getByRole("button", { name: "Save draft" }).click();
    await expect(panel.getByText("Saved the note.")).toBeVisible();

    // Sign: read-only afterwards, with who and when.
    await panel.getByRole("button", { name: "Sign note" }).click();
    await expect(panel.getByTestId("note-status")).toContainText("Signed by Dr. Alex Rivera");
    await expect(panel.getByRole("textbox")).toHaveCount(0);
    await expect(panel.getByRole("button", { name: "Save draft" })).toHaveCount(0);
    await snapshot(c, testInfo, "clinical-note-signed");

    // Copy as plain text.
    await c
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseURL!).origin });
    await panel.getByRole("button", { name: "Copy as text" }).click();
    await expect(panel.getByText("Copied the note as plain text.")).toBeVisible();
    const copied = await c.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^CHIEF COMPLAINT\nCough for two weeks\.\n\n/);
    expect(copied).toContain("Return sooner if short of breath.");

    // Download the FHIR R4 Bundle: it validates, with the signed note in it.
    const [download] = await Promise.all([
      c.waitForEvent("download"),
      panel.getByRole("link", { name: "Download FHIR R4 Bundle" }).click(),
    ]);
    type Entry = { resourceType: string; docStatus?: string; content?: { attachment: { data: string } }[] };
    const bundle = JSON.parse(readFileSync((await download.path())!, "utf8")) as {
      resourceType: string;
      entry: { resource: Entry }[];
    };
    expect(bundle.resourceType).toBe("Bundle");
    expect(await fhirIssues(bundle as Parameters<typeof fhirIssues>[0])).toEqual([]);
    const note = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === "DocumentReference")!;
    expect(note.docStatus).toBe("final");
    expect(Buffer.from(note.content![0]!.attachment.data, "base64").toString()).toBe(copied);
    const kinds = new Set(bundle.entry.map((e) => e.resource.resourceType));
    for (const k of ["Patient", "Practitioner", "Encounter", "Provenance"]) expect(kinds.has(k)).toBe(true);
  } finally {
    await visit.close();
  }
});
