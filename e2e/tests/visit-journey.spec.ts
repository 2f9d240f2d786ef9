import type { Browser, BrowserContext, Page } from "@playwright/test";
import {
  englishLeft,
  sentencesAboveGrade6,
  captureWebRTC,
  expect,
  flowingRemoteMedia,
  signInAsDemoClinician,
  snapshot,
  test,
  testSound,
} from "./fixtures";

const phone = { width: 390, height: 844 };
const english = {
  people: "People in the call",
  you: "(you)",
  roles: ["Clinician", "Patient", "Interpreter"],
};
const spanish = {
  people: "Personas en la llamada",
  you: "(usted)",
  roles: ["Médico", "Paciente", "Intérprete"],
};
const desktop = { width: 1280, height: 800 };

/**
 * Each named button lies wholly inside the first screen (the page at the top, never scrolled) and
 * no two of them overlap or touch.
 */
async function expectWithinScreen(page: Page, names: string[]) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const viewport = page.viewportSize()!;
  const boxes = [];
  for (const name of names) {
    const box = (await page.getByRole("button", { name, exact: true }).boundingBox())!;
    expect(box, name).not.toBeNull();
    expect(box.y, name).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${name} is below the fold`).toBeLessThanOrEqual(viewport.height);
    expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
    boxes.push({ name, ...box });
  }
  for (const a of boxes)
    for (const b of boxes) {
      if (a === b) continue;
      const apart =
        a.x + a.width + 2 <= b.x ||
        b.x + b.width + 2 <= a.x ||
        a.y + a.height + 2 <= b.y ||
        b.y + b.height + 2 <= a.y;
      expect(apart, `${a.name} touches ${b.name}`).toBe(true);
    }
}

async function newPerson(
  browser: Browser,
  baseURL: string,
  viewport = desktop,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL, viewport });
  const page = await ctx.newPage();
  await captureWebRTC(page);
  return { ctx, page };
}

/** The patient's check-in, in Spanish: the visit's preferred language chooses. */
async function checkInSpanish(page: Page, link: string, name: string) {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Antes de entrar" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByLabel("Su cámara")).toBeVisible();
  await expect
    .poll(() => page.getByLabel("Su cámara").evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await page.getByRole("button", { name: "Poner un sonido de prueba" }).click();
  await page.getByRole("button", { name: "Sí", exact: true }).click();
  await expect(page.getByText("Su sonido funciona.")).toBeVisible();
  await expect(page.getByText("Su conexión se ve bien.")).toBeVisible();
  await page.getByLabel(/Su nombre/).fill(name);
  await page.getByLabel("Sí, puede tomar notas de lo que digo").check();
}

async function checkIn(page: Page, link: string, name: string, consent: "Yes" | "No") {
  await page.goto(link);
  // A Spanish visit opens in Spanish (once the visit's details have loaded); this person reads
  // English and says so with the switch.
  await expect(page.getByRole("heading", { name: /^(Before you join|Antes de entrar)$/ })).toBeVisible();
  if ((await page.locator("html").getAttribute("lang")) !== "en")
    await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Before you join" })).toBeVisible();
  // The camera preview is live and the microphone meter is fed by the (fake) microphone.
  await expect(page.getByLabel("Your camera")).toBeVisible();
  await expect
    .poll(() => page.getByLabel("Your camera").evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await testSound(page);
  await expect(page.getByText("Your sound works.")).toBeVisible();
  await expect(page.getByText("Your connection looks good.")).toBeVisible();
  await page.getByLabel(/Your name/).fill(name);
  await page
    .getByLabel(
      consent === "Yes" ? "Yes, it may take notes of what I say" : "No, do not take notes of what I say",
    )
    .check();
}

test("clinician, patient and interpreter check in, wait, are admitted, see and hear each other, and the visit ends", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const clinician = await newPerson(browser, baseURL!);
  const patient = await newPerson(browser, baseURL!, phone);
  const interpreter = await newPerson(browser, baseURL!);

  // The clinician creates a visit that needs an interpreter and gets two links.
  await signInAsDemoClinician(clinician.page);
  const c = clinician.page;
  await c.getByLabel("Patient name").fill("Maria Lopez");
  await c.getByLabel("Preferred language").selectOption("es");
  await c.getByLabel("Interpreter needed").check();
  await c.getByRole("button", { name: "Create visit and links" }).click();
  // The new links are where the clinician is looking, and focused; each copy button says which link.
  const links = c.getByRole("region", { name: "Links for Maria Lopez" });
  await expect(links).toBeFocused();
  await expect(links).toBeInViewport({ ratio: 1 });
  await expect(links.getByRole("button", { name: "Copy the patient's link" })).toBeVisible();
  await expect(links.getByRole("button", { name: "Copy the interpreter's link" })).toBeVisible();
  await snapshot(c, testInfo, "clinician-visit-created-desktop");
  const patientLink = await links.getByLabel("Patient link").inputValue();
  const interpreterLink = await links.getByLabel("Interpreter link").inputValue();
  expect(patientLink).toMatch(/\/join\/[\w-]{43}$/);
  expect(interpreterLink).not.toBe(patientLink);

  // Check-in: the patient, who reads Spanish (the visit's language), on a phone-sized screen.
  const names = ["Maria Lopez", "Dr. Alex Rivera", "Ana Interpreter", "Bedside"];
  await checkInSpanish(patient.page, patientLink, "Maria Lopez");
  await snapshot(patient.page, testInfo, "es-check-in-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);
  expect(await englishLeft(patient.page, names)).toEqual([]);
  await patient.page.getByRole("button", { name: "Entrar a la sala de espera" }).click();
  await expect(patient.page.getByRole("heading", { name: "Está en la sala de espera" })).toBeVisible();
  await expect(
    patient.page.getByText("Dr. Alex Rivera sabe que usted está aquí y le hará pasar pronto."),
  ).toBeVisible();
  await snapshot(patient.page, testInfo, "es-waiting-room-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);
  expect(await englishLeft(patient.page, names)).toEqual([]);

  // The interpreter switches their own screens to English.
  await checkIn(interpreter.page, interpreterLink, "Ana Interpreter", "Yes");
  await snapshot(interpreter.page, testInfo, "check-in-desktop");
  await interpreter.page.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(interpreter.page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  // The interpreter's screens speak to an interpreter, not to the patient.
  await expect(interpreter.page.getByText("Use headphones, so voices do not echo.")).toBeVisible();
  await expect(interpreter.page.getByText(/your medicines/)).toHaveCount(0);
  await snapshot(interpreter.page, testInfo, "waiting-room-desktop");

  // The clinician says they are running late; the waiting patient sees it live, in plain words.
  await c.getByLabel("Your status").selectOption("running_late");
  await c.getByLabel("Minutes late").fill("10");
  await c.getByRole("button", { name: "Update" }).click();
  // (The waiting room's chat has a status line of its own, for screen readers: empty here.)
  await expect(patient.page.getByRole("status").filter({ hasText: "Dr. Alex Rivera" })).toHaveText(
    "Dr. Alex Rivera sabe que usted está aquí. Va con unos 10 minutos de retraso.",
  );
  await snapshot(patient.page, testInfo, "es-waiting-room-late-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);
  expect(await englishLeft(patient.page, names)).toEqual([]);

  // Nobody waiting has a media connection: tokens exist only after admission.
  expect(await patient.page.evaluate(() => (window as unknown as { __pcs: unknown[] }).__pcs.length)).toBe(0);

  // The clinician's queue shows both, live, with what they need to know.
  const queue = c.getByRole("region", { name: "People waiting" });
  await expect(queue.getByText("Maria Lopez", { exact: true })).toBeVisible();
  await expect(queue.getByText("Ana Interpreter", { exact: true })).toBeVisible();
  await expect(queue.getByText("interpreter here")).toBeVisible();
  await expect(queue.getByText("scribe: consented").first()).toBeVisible();
  await snapshot(c, testInfo, "clinician-queue-desktop");

  // Admit the patient (the clinician joins the call), then the interpreter from the call's side panel.
  await c.getByRole("button", { name: "Admit Maria Lopez" }).click();
  await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
  await c.getByRole("button", { name: "Admit Ana Interpreter" }).click();

  for (const [{ page }, own, words] of [
    [clinician, "Clinician", english],
    [patient, "Paciente", spanish],
    [interpreter, "Interpreter", english],
  ] as const) {
    const stage = page.getByRole("region", { name: words.people });
    await expect(stage.getByRole("figure")).toHaveCount(3, { timeout: 20_000 });
    // You are named as you; on the phone, in a small picture that just says "You" ("Usted").
    await expect(stage.getByRole("figure").filter({ hasText: words.you })).toHaveCount(1);
    // Everyone is in view at once, without scrolling (a picture out of view also stops its video).
    for (const figure of await stage.getByRole("figure").all())
      await expect(figure).toBeInViewport({ ratio: 1 });
    if (page === patient.page) await expect(stage.getByText("Usted", { exact: true })).toBeVisible();
    for (const label of words.roles) {
      // On the phone your own picture is small and names only you.
      if (page === patient.page && label === own) continue;
      await expect(stage.getByText(label, { exact: true })).toBeVisible();
    }
  }
  // In each browser both remote videos decode frames and both remote audio streams flow.
  for (const [who, { page }] of Object.entries({ clinician, patient, interpreter })) {
    await expect
      .poll(() => flowingRemoteMedia(page), { timeout: 20_000, message: `media reaching the ${who}` })
      .toEqual({ video: 2, audio: 2 });
  }
  // Everyone reaches their call controls without scrolling: the clinician's Mute and End on a
  // 1280 × 800 screen, the patient's scribe buttons on a 390 × 844 phone; none of them touch.
  await expectWithinScreen(c, ["Mute", "Leave", "End visit for everyone", "Pause scribe for me"]);
  const end = (await c.getByRole("button", { name: "End visit for everyone" }).boundingBox())!;
  expect(end.height).toBeLessThanOrEqual(64);
  await expectWithinScreen(patient.page, [
    "Silenciar",
    "Salir",
    "Pausar mis notas",
    "Dejar de tomar mis notas",
  ]);
  await expectWithinScreen(interpreter.page, ["Mute", "Pause scribe for me", "Stop the scribe for me"]);
  await snapshot(c, testInfo, "call-clinician-desktop");
  await snapshot(patient.page, testInfo, "es-call-patient-phone");
  await snapshot(interpreter.page, testInfo, "call-interpreter-desktop");
  expect(await englishLeft(patient.page, names)).toEqual([]);

  // Mute is visible to everyone else.
  await patient.page.getByRole("button", { name: "Silenciar" }).click();
  await expect(c.locator("figure", { hasText: "Maria Lopez" }).getByText("Muted")).toBeVisible();

  // Sent back to wait, the interpreter leaves the call and returns to the waiting room; admitted again, they are back.
  await c.getByRole("button", { name: "Send Ana Interpreter back to wait" }).click();
  await expect(interpreter.page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  await expect(c.getByRole("region", { name: "People in the call" }).getByRole("figure")).toHaveCount(2);
  await c.getByRole("button", { name: "Admit Ana Interpreter" }).click();
  await expect(
    interpreter.page.getByRole("region", { name: "People in the call" }).getByRole("figure"),
  ).toHaveCount(3);

  // The clinician ends the visit for everyone.
  await c.getByRole("button", { name: "End visit for everyone" }).click();
  const confirm = c.getByRole("alertdialog", { name: "End the visit for everyone?" });
  await expect(confirm.getByRole("button", { name: "Keep talking" })).toBeFocused();
  await confirm.getByRole("button", { name: "End the visit" }).click();
  await expect(c.getByRole("heading", { name: "The visit has ended" })).toBeVisible();
  // Presence insights are the clinician's, on the review page.
  await c.getByRole("button", { name: "Review the notes" }).click();
  const insights = c.getByRole("region", { name: "Your presence in this visit" });
  await expect(insights.getByText("Only you can see this.")).toBeVisible();
  await expect(
    insights.getByText(/Talk time: you \d+%|The scribe heard no speech in this visit\./),
  ).toBeVisible();
  await expect(patient.page.getByRole("heading", { name: "Su consulta terminó" })).toBeVisible();
  await expect(
    patient.page.getByText("Ahora Dr. Alex Rivera va a revisar las notas de su consulta."),
  ).toBeVisible();
  await expect(interpreter.page.getByText("Thank you for interpreting.")).toBeVisible();
  await expect(interpreter.page.getByRole("heading", { name: "The visit has ended" })).toBeVisible();
  await expect(interpreter.page.getByText("Your visit has ended")).toHaveCount(0);
  await snapshot(interpreter.page, testInfo, "end-interpreter-desktop");
  await snapshot(patient.page, testInfo, "es-end-phone");
  expect(await sentencesAboveGrade6(patient.page)).toEqual([]);
  expect(await englishLeft(patient.page, names)).toEqual([]);

  // The end page said "keep this page": reloading it opens the summary (still being checked).
  await expect(patient.page.getByRole("link", { name: "Abrir mi resumen" })).toBeVisible();
  await patient.page.reload();
  await expect(patient.page.getByRole("heading", { name: "Resumen de su consulta" })).toBeVisible();
  await expect(patient.page).toHaveURL(/\/visit\/[^/]+\/summary$/);
  await snapshot(patient.page, testInfo, "es-end-reloaded-phone");

  // The link no longer opens the visit: said in Spanish.
  await patient.page.goto(patientLink);
  await expect(patient.page.getByRole("alert")).toHaveText(
    "La consulta ya se acabó. Ya puede cerrar esta página.",
  );
  await snapshot(patient.page, testInfo, "es-link-gone-phone");
  expect(await englishLeft(patient.page, names)).toEqual([]);

  await Promise.all([clinician.ctx.close(), patient.ctx.close(), interpreter.ctx.close()]);
});
