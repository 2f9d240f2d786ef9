import type { AfterVisitSummary, ReviewFinding } from "@bedside/shared";
import type { Page } from "@playwright/test";
import { maxSentenceGrade, MAX_PATIENT_GRADE } from "../../server/src/findings/readability";
import { en } from "../../client/src/locales/en";
import { expect, sentencesAboveGrade6, snapshot, test } from "./fixtures";
import {
  spokenMicrophone,
  startScribedVisit,
  tempDir,
  untilTranscribed,
  type ReviewSegment,
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

test("after a scribed visit, the patient reads the summary the clinician previewed and released: the visit in short first", async ({
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
  const { c, p } = visit;
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
    expect(transcript.some((s) => s.role === "patient")).toBe(true);
    expect(transcript.some((s) => s.role === "clinician")).toBe(true);
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

    // Approve all but one, which stays a draft and must never reach the patient.
    const kept = suggested.slice(0, -1);
    const draft = suggested.at(-1)!;
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
    const withdrawn = kept.at(-1)!;
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
  } finally {
    await visit.close();
  }
});
