import { readFileSync } from "node:fs";
import type { AfterVisitSummary, ReviewFinding } from "@bedside/shared";
import type { Page } from "@playwright/test";
import { fhirIssues } from "../../server/tools/notes/fhir.validate";
import { maxSentenceGrade, MAX_PATIENT_GRADE } from "../../server/src/findings/readability";
import { en } from "../../client/src/locales/en";
import { expect, sentencesAboveGrade6, snapshot, test } from "./fixtures";
import {
  captionLines,
  spokenMicrophone,
  startScribedVisit,
  tempDir,
  untilTranscribed,
  wordsOf,
  type ReviewSegment,
  type ScribedVisit,
} from "./scribed-visit";

/**
 * A short primary-care visit, spoken by two different offline voices (flite), one per person's
 * microphone. Nothing below is typed into the app: what the clinician reviews comes from the
 * scribe hearing these voices through WebRTC.
 */
const patientSays = [
  "I have had a bad headache for three days.",
  "It hurts behind my eyes, and I feel sick to my stomach.",
  "I am allergic to penicillin.",
];
const clinicianSays = [
  "I think this is a migraine.",
  "Take ibuprofen four hundred milligrams every six hours with food.",
  "If you get weakness on one side or the worst headache of your life, go to the emergency room right away.",
  "Come back in two weeks.",
];
/** What a clinician would expect the scribe to suggest from this visit, as kind and a word of its text. */
const expected: [ReviewFinding["kind"], RegExp][] = [
  ["symptom", /headache/i],
  ["allergy", /penicillin/i],
  ["assessment", /migraine/i],
  ["medication", /ibuprofen/i],
  ["follow_up", /two weeks/i],
  ["warning_sign", /weakness/i],
];

/** Share of the sentences' words that the segments hold. */
function heard(sentences: string[], segments: ReviewSegment[]): number {
  const have = new Set(wordsOf(segments.map((s) => s.text).join(" ")));
  const words = sentences.flatMap(wordsOf);
  return words.filter((w) => have.has(w)).length / words.length;
}

/** The summary's words, without the patient's forms (the preview shows no forms to fill in). */
const readable = (page: Page) =>
  page.locator(".summary").evaluate((el: HTMLElement) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("form, .after-ask, [role=status]").forEach((n) => n.remove());
    return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
  });

// The page's date lines grade differently with the month's name ("January" has four syllables):
// each must read at grade 6 on any date, not just on the day the test happens to run.
test("the summary's date sentences read at grade 6 or below on every day of the year", () => {
  const withDate = Object.values(en.afterVisit).filter(
    (s): s is string => typeof s === "string" && s.includes("{{date}}"),
  );
  expect(withDate.length).toBeGreaterThanOrEqual(3);
  const tooHard: string[] = [];
  for (let day = 0; day < 366; day++) {
    const date = new Intl.DateTimeFormat("en", { dateStyle: "long" }).format(Date.UTC(2027, 0, 1 + day));
    for (const line of withDate) {
      const text = line.replaceAll("{{date}}", date).replaceAll("{{name}}", "Dr. Rivera");
      if (maxSentenceGrade(text) > MAX_PATIENT_GRADE) tooHard.push(`${maxSentenceGrade(text)}: ${text}`);
    }
  }
  expect([...new Set(tooHard)]).toEqual([]);
});

/**
 * One scribed visit serves two journeys, one after the other: the patient's summary (previewed,
 * released, corrected), then the clinician's note (issue 14) from the same approved findings.
 * Each used to speak a whole visit of its own (about 45 s of real time on CI).
 */
test.describe.serial("after one scribed visit", () => {
  let visit: ScribedVisit | undefined;
  test.afterAll(async () => {
    await visit?.close();
  });

  test("the patient reads the summary the clinician previewed and released: the visit in short first", async ({
    baseURL,
  }, testInfo) => {
    test.setTimeout(240_000);
    const dir = tempDir();
    const clinicianMicrophone = spokenMicrophone(dir, "clinician", "rms", clinicianSays);
    const patientMicrophone = spokenMicrophone(dir, "patient", "slt", patientSays);
    visit = await startScribedVisit({
      baseURL: baseURL!,
      dir,
      consent: "Yes",
      clinicianMicrophone,
      patientMicrophone,
    });
    const { c, p } = visit;
    // The patient follows the call in captions (issue 30): the clinician's words, never their own.
    await p.getByRole("button", { name: "Captions" }).click();
    await untilTranscribed(
      c,
      visit.visitId,
      [
        { role: "patient", sentences: patientSays },
        { role: "clinician", sentences: clinicianSays },
      ],
      [clinicianMicrophone, patientMicrophone],
    );
    await expect.poll(async () => (await captionLines(p)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(new Set((await captionLines(p)).map((l) => l.name))).toEqual(new Set(["Dr. Alex Rivera"]));
    await visit.end();

    // Before release the patient's summary shows nothing of the visit.
    await p.getByRole("link", { name: "Open my visit summary" }).click();
    await expect(p.getByRole("heading", { name: "Your visit summary" })).toBeVisible();
    await expect(p.getByRole("status")).toContainText(/not ready/i);
    await expect(p.getByText("Your visit in short")).toHaveCount(0);
    const secret = decodeURIComponent(/\/visit\/([^/]+)\/summary$/.exec(p.url())![1]!);
    const summary = () =>
      p.request.get("/api/after-visit", { headers: { authorization: `Bearer ${secret}` } });
    expect((await summary()).status()).toBe(404);
    expect(await sentencesAboveGrade6(p)).toEqual([]);

    // The clinician reviews the scribe's suggestions beside the transcript.
    const transcript: ReviewSegment[] = await visit.settledTranscript();
    // Each microphone is stored in its own speaker's name and role, in time order, and neither
    // speaker's segments hold the other's sentences more than their own.
    const said = (role: string) => transcript.filter((s) => s.role === role);
    expect(new Set(said("patient").map((s) => s.speakerName))).toEqual(new Set([visit.patientName]));
    expect(new Set(said("clinician").map((s) => s.speakerName))).toEqual(new Set(["Dr. Alex Rivera"]));
    expect(transcript.map((s) => s.startMs)).toEqual(
      [...transcript.map((s) => s.startMs)].sort((a, b) => a - b),
    );
    expect(heard(patientSays, said("patient"))).toBeGreaterThan(heard(clinicianSays, said("patient")));
    expect(heard(clinicianSays, said("clinician"))).toBeGreaterThan(heard(patientSays, said("clinician")));
    await c.getByRole("button", { name: "Review the notes" }).click();
    await expect(c.getByRole("heading", { name: `Review: ${visit.patientName}` })).toBeVisible();
    await c.getByRole("button", { name: "Suggest findings" }).click();
    const cards = c.getByRole("region", { name: "Findings" }).getByRole("article");
    await expect(cards.first()).toBeVisible();

    const review = (await (await c.request.get(`/api/visits/${visit.visitId}/review`)).json()) as {
      findings: ReviewFinding[];
    };
    const suggested = review.findings;
    const recognised = expected.filter(([kind, re]) =>
      suggested.some((f) => f.kind === kind && re.test(f.text)),
    );
    console.log(
      `after-visit e2e: ${suggested.length} findings suggested; ${recognised.length}/${expected.length} expected ones: ` +
        suggested.map((f) => `${f.kind}: ${f.text}`).join(" | "),
    );
    // Every expected finding comes through speech.
    expect(recognised.map(([kind]) => kind)).toEqual(expected.map(([kind]) => kind));
    await expect(cards).toHaveCount(suggested.length);

    // Approve all but one, which stays a draft and must never reach the patient. Not the
    // medicine: the clinical note below is drafted from the approved findings and lists it.
    const draft = suggested.findLast((f) => f.kind !== "medication")!;
    const kept = suggested.filter((f) => f !== draft);
    for (const f of kept) {
      const card = c.getByRole("article", { name: f.text, exact: true });
      await card.getByRole("button", { name: "Approve" }).click();
      await expect(card).toContainText("Approved");
    }
    await c.evaluate(() => window.scrollTo(0, 0)); // the transcript column is sticky
    await snapshot(c, testInfo, "review-clinician-desktop");

    // Before releasing, the clinician previews exactly what the patient will read.
    await c.getByRole("link", { name: `Preview what ${visit.patientName} will read` }).click();
    await expect(c.getByRole("note")).toContainText("Nothing has been sent.");
    const previewed = c.locator(".summary");
    await expect(previewed.getByRole("heading", { name: "Your visit in short" })).toBeVisible();
    const previewText = await readable(c);
    await snapshot(c, testInfo, "summary-preview-clinician");
    await c.getByRole("button", { name: "Back to the review" }).click();

    await c.getByRole("button", { name: `Release to ${visit.patientName}…` }).click();
    await c.getByRole("button", { name: `Yes, release ${kept.length} findings` }).click();
    await expect(c.getByText(`Released ${kept.length} findings to the patient.`)).toBeVisible();

    // Now the patient's screen: the visit in short on the first phone screen, then the rest.
    await p.getByRole("button", { name: "Check now" }).click();
    const inShort = p.getByRole("heading", { name: "Your visit in short" });
    await expect(inShort).toBeVisible();
    await p.evaluate(() => window.scrollTo(0, 0));
    const box = (await inShort.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    // The first screen (390 × 844) as the patient sees it on opening the page.
    const firstScreen = testInfo.outputPath("after-visit-patient-phone-first-screen.png");
    await p.screenshot({ path: firstScreen, fullPage: false });
    await testInfo.attach("after-visit-patient-phone-first-screen", {
      path: firstScreen,
      contentType: "image/png",
    });
    // What the clinician previewed is what the patient reads, word for word.
    expect(await readable(p)).toBe(previewText);

    const released = (await (await summary()).json()) as AfterVisitSummary;
    expect(new Set(released.items.map((i) => i.findingId))).toEqual(new Set(kept.map((f) => f.id)));
    expect(released.items.map((i) => i.findingId)).not.toContain(draft.id);
    expect(JSON.stringify(released.document)).not.toContain(draft.id);
    const doc = released.document;
    const keptKinds = new Set(kept.map((f) => f.kind));
    if (keptKinds.has("medication"))
      await expect(p.getByRole("region", { name: "Your medicines" })).toContainText(/ibuprofen/i);
    if (keptKinds.has("warning_sign"))
      await expect(p.getByRole("region", { name: "Get help right away if" })).toContainText(/weakness/i);
    if (keptKinds.has("assessment")) expect(doc.inShort.thinks).toMatch(/migraine/i);
    // Every quote is words actually said: verbatim in one segment of the transcript as stored
    // now (the recordings loop, so the scribe may have added segments since it settled above).
    const stored = (
      (await (await c.request.get(`/api/visits/${visit.visitId}/review`)).json()) as {
        transcript: ReviewSegment[];
      }
    ).transcript;
    const quotes = [...doc.talkedAbout, ...doc.testsAndReferrals].flatMap((e) => e.quotes);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes)
      expect(
        stored.some((s) => s.text.includes(q.text)),
        q.text,
      ).toBe(true);
    for (const item of released.items) {
      for (const q of item.quotes)
        expect(
          stored.some((s) => s.text.includes(q.text)),
          q.text,
        ).toBe(true);
    }
    // No boilerplate, and no sentence twice.
    const pageText = await p.locator(".summary").innerText();
    const previewRead = await readable(p);
    expect(pageText).not.toMatch(/This is a sign from your body|This is the main thing we looked at/);
    // Sentences only (a title or a form's choices end without a full stop), forms aside.
    const readText = await p.locator(".summary").evaluate((el: HTMLElement) => {
      const forms = Array.from(el.querySelectorAll<HTMLElement>("form, .after-ask"));
      forms.forEach((f) => (f.style.display = "none"));
      const text = el.innerText;
      forms.forEach((f) => (f.style.display = ""));
      return text;
    });
    const sentences = readText
      .split("\n")
      .flatMap((line) => line.split(/(?<=[.!?])\s+/))
      .map((x) => x.trim().toLowerCase())
      .filter((x) => /[.!?]$/.test(x) && x.split(/\s+/).length >= 3);
    expect(sentences.length).toBeGreaterThan(5);
    expect(sentences.filter((x, i) => sentences.indexOf(x) !== i)).toEqual([]);
    await snapshot(p, testInfo, "after-visit-patient-phone");
    // Every sentence on the patient's screen reads at grade 6 or below.
    expect(await sentencesAboveGrade6(p)).toEqual([]);

    // The patient asks about an item; the clinician's queue shows it live, until they read it.
    await p.getByLabel("Write your question here").fill("Can I still go to work tomorrow?");
    await p.getByRole("button", { name: "Send question" }).click();
    await expect(p.getByText("Sent. Dr. Alex Rivera will see your question.")).toBeVisible();
    await c.getByRole("button", { name: "← Back to visits" }).click();
    const questions = c.getByRole("region", { name: "Questions from patients" });
    await expect(questions).toContainText(`${visit.patientName} asked 1 new question`);
    await snapshot(c, testInfo, "clinician-queue-questions");
    await c.getByRole("button", { name: `Read ${visit.patientName}'s questions` }).click();
    const asked = c.getByRole("region", { name: "Questions from the patient" });
    await expect(asked).toContainText("Can I still go to work tomorrow?");
    await expect(asked.getByText("New", { exact: true })).toBeVisible();
    await c.getByRole("button", { name: "← Back to visits" }).click();
    await expect(c.getByRole("heading", { name: "Today's visits" })).toBeVisible();
    await expect(questions).toHaveCount(0);
    await c.goto(`/clinic/visits/${visit.visitId}/review`);

    // The clinician corrects the summary: one item is withdrawn. The patient reads the old
    // version until the correction is released, then the new one, marked as updated.
    const withdrawn = kept.findLast((f) => f.kind !== "medication")!;
    await c.getByRole("button", { name: "Correct the summary" }).click();
    await c
      .getByRole("article", { name: withdrawn.text, exact: true })
      .getByRole("button", { name: "Remove" })
      .click();
    await expect(c.getByText(/keeps reading the version released/)).toBeVisible();
    await c.evaluate(() => window.scrollTo(0, 0));
    await snapshot(c, testInfo, "review-correcting-desktop");
    await p.reload();
    expect(await readable(p)).toBe(previewRead);
    await c.getByRole("button", { name: "Release the corrected summary…" }).click();
    await c
      .getByRole("button", { name: `Yes, release the correction with ${kept.length - 1} findings` })
      .click();
    await expect(
      c.getByText(`Released the corrected summary (${kept.length - 1} findings) to the patient.`),
    ).toBeVisible();
    await p.reload();
    await expect(p.getByText(/This page was changed by/)).toBeVisible();
    const corrected = (await (await summary()).json()) as AfterVisitSummary;
    expect(corrected.items.map((i) => i.findingId)).not.toContain(withdrawn.id);
    expect(JSON.stringify(corrected.document)).not.toContain(withdrawn.id);
  });

  test("the clinician edits, signs and copies the clinical note and downloads a valid FHIR R4 Bundle", async ({
    baseURL,
  }, testInfo) => {
    test.setTimeout(240_000);
    const { c } = visit!;
    const transcript = await visit!.settledTranscript();
    console.log(`clinical-note e2e transcript: ${transcript.map((s) => `${s.role}: ${s.text}`).join(" | ")}`);
    // The review page of the visit above, its findings suggested and approved there (a released
    // summary leaves nothing to approve: the loop finds no button).
    await expect(c.getByRole("heading", { name: `Review: ${visit!.patientName}` })).toBeVisible();
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
  });
});
