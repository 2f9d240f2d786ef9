// Walks every patient and interpreter screen in Spanish and fails on any English sentence left:
// the rendered words (text, accessible names, titles) are checked against the English
// catalogue's strings and against English function words no Spanish sentence has.
import { summaryLabels, type AfterVisitSummary, type JoinInfo, type ScribeState } from "@bedside/shared";
import { act, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AfterVisitPage } from "../features/after-visit/AfterVisitPage";
import { CheckInPage } from "../features/check-in/CheckInPage";
import { EndOfVisitPage } from "../features/end-of-visit/EndOfVisitPage";
import { LinkWindowPage } from "../features/link-window/LinkWindowPage";
import { ScribeIndicator } from "../features/scribe-indicator/ScribeIndicator";
import { WaitingRoomPage } from "../features/waiting-room/WaitingRoomPage";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { ApiError } from "../lib/api";
import { errorText } from "../lib/errors";
import { applyVisitLanguage, i18n } from "../lib/i18n";
import type { BedsideSocket } from "../lib/socket";
import { en } from "../locales/en";
import { useDomRoot } from "../test/dom";

/** The English catalogue's sentences, cut at placeholders and markup into pieces worth matching. */
function englishPieces(node: unknown): string[] {
  if (typeof node === "string")
    return node
      .split(/\{\{\s*\w+\s*\}\}|<\/?\w+>|…/)
      .map((s) => s.trim())
      .filter((s) => s.split(/\s+/).length >= 2 && s.length >= 8);
  if (Array.isArray(node)) return node.flatMap(englishPieces);
  if (node && typeof node === "object") return Object.values(node).flatMap(englishPieces);
  return [];
}
const englishSummary = summaryLabels.en;
const PIECES = [
  ...new Set([
    ...englishPieces(en),
    // The summary's own titles and labels come with the document, in its language.
    ...englishPieces([
      englishSummary.titles,
      englishSummary.inShort,
      englishSummary.changes,
      englishSummary.feedbackLead,
      englishSummary.questionsLead("{{name}}"),
    ]),
  ]),
];
// Words every English sentence needs and Spanish never uses.
const ENGLISH_WORDS =
  /\b(?:the|you|your|you're|please|with|and|is|are|was|what|this|will|can|not|of|to|for|it|we|our|have|has|been|be|do|does|at|on|in|an|if|or|then|my|me|now|here)\b/i;

/** Everything a person reads or hears on the screen, leaving out what is marked as another language. */
function wordsOn(host: HTMLElement): string[] {
  const copy = host.cloneNode(true) as HTMLElement;
  for (const el of copy.querySelectorAll("[lang]")) if (el.getAttribute("lang") !== "es") el.remove();
  const texts: string[] = [];
  const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n.textContent ?? "");
  for (const el of copy.querySelectorAll("[aria-label],[title],[placeholder]"))
    for (const a of ["aria-label", "title", "placeholder"]) {
      const v = el.getAttribute(a);
      if (v) texts.push(v);
    }
  // Whole sentences as the eye reads them, too (a piece may span several text nodes).
  texts.push(copy.textContent ?? "");
  return texts;
}

function expectNoEnglish(host: HTMLElement, names: string[]) {
  const words = wordsOn(host);
  expect(words.join(" ").trim().length, "the screen shows something").toBeGreaterThan(0);
  for (const raw of words) {
    // People's names (and quotes' speakers) are not sentences.
    const text = names.reduce((t, n) => t.split(n).join(" "), raw);
    for (const piece of PIECES) expect(text, `English "${piece}" on a Spanish screen`).not.toContain(piece);
    expect(text, "English words on a Spanish screen").not.toMatch(ENGLISH_WORDS);
  }
}

const NAMES = ["Dr. Rivera", "Ana Pérez", "Bedside", "Pat"];
const info: JoinInfo = {
  role: "patient",
  clinicianName: "Dr. Rivera",
  scheduledAt: "2026-11-28T15:30:00.000Z",
  visitState: "scheduled",
  suggestedName: "Ana Pérez",
  preferredLanguage: "es",
};

const spanishSummary: AfterVisitSummary = {
  clinicianName: "Dr. Rivera",
  visitDate: "2026-11-22T09:00:00.000Z",
  releasedAt: "2026-11-22T10:00:00.000Z",
  revisedAt: "2026-11-23T10:00:00.000Z",
  items: [],
  glossary: [],
  document: {
    language: "es",
    inShort: {
      why: "Vino a ver a Dr. Rivera por dolor de cabeza.",
      thinks: "Dr. Rivera cree que tiene migraña.",
      todo: ["Empiece a tomar Imitrex."],
      help: "Llame al 911 si tiene el peor dolor de cabeza de su vida.",
    },
    medicines: [
      {
        findingId: "7d3f7c1e-1b1a-4a59-9a55-0c7f1d3f0a02",
        name: "Imitrex",
        dose: "50 mg",
        purpose: "para parar o calmar dolores de cabeza fuertes",
        change: "new",
      },
    ],
    testsAndReferrals: [],
    getHelp: { signs: ["El peor dolor de cabeza de su vida"], action: "Llame al 911 o vaya a urgencias ya." },
    talkedAbout: [
      {
        findingIds: ["7d3f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01"],
        title: "Dolor de cabeza",
        text: "Nos contó que tiene dolor de cabeza.",
        // The interpreter's English rendering is quoted as said: marked as not Spanish.
        quotes: [{ speaker: "Pat", text: "she has had a bad headache for three days" }],
      },
    ],
    words: [],
  },
  alternates: [],
  questions: [],
  feedbackGiven: false,
  availableUntil: "2026-12-22T10:00:00.000Z",
};

function scribeState(): ScribeState {
  return {
    visitId: "7d3f7c1e-1b1a-4a59-9a55-0c7f1d3f0a09",
    agent: "listening",
    pausedForEveryone: null,
    participants: [
      {
        identity: "patient-1",
        name: "Ana Pérez",
        role: "patient",
        state: "paused",
        reason: "paused-everyone",
        pausedBy: { identity: "clinician-1", role: "clinician", name: "Dr. Rivera" },
      },
    ],
  };
}

describe("every patient screen in Spanish", () => {
  const dom = useDomRoot();
  const render = (node: ReactNode) =>
    act(async () => dom.root.render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>));

  beforeEach(async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(spanishSummary), { status: 200 }))),
    );
    await act(async () => applyVisitLanguage("es"));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("opens in the visit's language, with <html lang> following it", () => {
    expect(i18n.language).toBe("es");
    expect(document.documentElement.lang).toBe("es");
  });

  it("check-in (without a camera or microphone), with the language switch", async () => {
    await render(
      <>
        <LanguageSwitch />
        <CheckInPage info={info} pingUrl="/api/join/x" onCheckIn={() => Promise.resolve()} />
      </>,
    );
    expect(dom.host.querySelector("h1")?.textContent).toBe("Antes de entrar");
    expectNoEnglish(dom.host, NAMES);
    await render(
      <CheckInPage
        info={{ ...info, role: "interpreter" }}
        pingUrl="/x"
        onCheckIn={() => Promise.resolve()}
      />,
    );
    expectNoEnglish(dom.host, NAMES);
  });

  it("waiting room, in each of the clinician's states", async () => {
    for (const clinicianStatus of [
      { status: "available", lateMinutes: null, message: null },
      { status: "in_visit", lateMinutes: null, message: null },
      { status: "away", lateMinutes: null, message: null },
      { status: "running_late", lateMinutes: 10, message: null },
    ] as const) {
      await render(
        <WaitingRoomPage
          clinicianName="Dr. Rivera"
          clinicianStatus={clinicianStatus}
          waitingSince={new Date(Date.now() - 5 * 60_000).toISOString()}
          reconnecting
          message={undefined}
        />,
      );
      expectNoEnglish(dom.host, NAMES);
    }
  });

  it("waiting room, with the place in line and the estimated wait", async () => {
    for (const [line, said] of [
      [
        { place: 2, aboutMinutes: 10 },
        "Usted es el número 2 en la fila. Tiempo de espera aproximado: unos 10 minutos.",
      ],
      [
        { place: 1, aboutMinutes: 0 },
        "Usted es el siguiente en la fila. Tiempo de espera aproximado: unos pocos minutos.",
      ],
    ] as const) {
      await render(
        <WaitingRoomPage
          clinicianName="Dr. Rivera"
          clinicianStatus={{ status: "available", lateMinutes: null, message: null }}
          waitingSince={new Date().toISOString()}
          reconnecting={false}
          message={undefined}
          line={line}
        />,
      );
      expect(dom.host.textContent).toContain(said);
      expectNoEnglish(dom.host, NAMES);
    }
  });

  it("waiting room, with a message from the clinic shown as written", async () => {
    await render(
      <WaitingRoomPage
        clinicianName="Dr. Rivera"
        clinicianStatus={{ status: "available", lateMinutes: null, message: null }}
        waitingSince={new Date().toISOString()}
        reconnecting={false}
        message={undefined}
        messages={[
          {
            id: "00000000-0000-4000-8000-000000000001",
            text: "Llegamos en 10 minutos <b>gracias</b>",
            sentAt: new Date().toISOString(),
          },
        ]}
      />,
    );
    expect(dom.host.textContent).toContain("Mensajes de la clínica");
    expect(dom.host.textContent).toContain("Llegamos en 10 minutos <b>gracias</b>");
    expect(dom.host.querySelector("b")).toBeNull();
    expectNoEnglish(dom.host, NAMES);
  });

  it("the scribe indicator during the call", async () => {
    const socket = {
      on: vi.fn(),
      off: vi.fn(),
      connected: true,
      timeout: () => ({ emitWithAck: () => Promise.resolve({ ok: true, data: scribeState() }) }),
    } as unknown as BedsideSocket;
    await render(<ScribeIndicator socket={socket} identity="patient-1" isClinician={false} />);
    expect(dom.host.querySelector('[role="status"]')?.textContent).toBe(
      "Asistente de IA: en pausa para todos, por Dr. Rivera",
    );
    expectNoEnglish(dom.host, NAMES);
  });

  it("end of the visit, for the patient and the interpreter", async () => {
    await render(<EndOfVisitPage role="patient" clinicianName="Dr. Rivera" summaryHref="/visit/x/summary" />);
    expectNoEnglish(dom.host, NAMES);
    await render(<EndOfVisitPage role="patient" clinicianName="Dr. Rivera" summaryHref={undefined} />);
    expectNoEnglish(dom.host, NAMES);
    await render(<EndOfVisitPage role="interpreter" clinicianName="Dr. Rivera" summaryHref={undefined} />);
    expectNoEnglish(dom.host, NAMES);
  });

  // The longest page: jsdom takes a few seconds on a busy machine.
  it("the after-visit summary with its questions and feedback", { timeout: 30_000 }, async () => {
    await render(<AfterVisitPage participantToken="secret-1" />);
    expect(dom.host.querySelector("h2")?.textContent).toBe("Su consulta en breve");
    expectNoEnglish(dom.host, NAMES);
  });

  it("a booked visit's link too early (today and another day) and after it was cancelled", async () => {
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    for (const [reason, startsAt] of [
      ["too_early", at(45)],
      ["too_early", at(3 * 24 * 60)],
      ["cancelled", at(120)],
    ] as const) {
      await render(
        <LinkWindowPage
          error={{
            code: "conflict",
            message: "This visit opens later.",
            reason,
            opensAt: new Date(new Date(startsAt).getTime() - 30 * 60_000).toISOString(),
            startsAt,
            timeZone: "Europe/Madrid",
            language: "es",
          }}
          onOpen={() => undefined}
        />,
      );
      expectNoEnglish(dom.host, NAMES);
    }
  });

  it("the errors: a link that no longer works, no connection, anything else", async () => {
    const t = i18n.getFixedT("es");
    const codes = ["not_found", "gone", "unauthorized", "network", "rate_limited", "unavailable", "internal"];
    const reasons = ["revoked", "expired", "ended", "cancelled", "too_early"];
    await render(
      <main>
        {codes.map((c) => (
          <p key={c}>{errorText(t, new ApiError(0, c, "This visit link no longer works."))}</p>
        ))}
        {reasons.map((r) => (
          <p key={r}>{errorText(t, new ApiError(410, "gone", "This visit has ended.", r))}</p>
        ))}
      </main>,
    );
    expect(dom.host.textContent).toContain("La consulta ya se acabó.");
    expectNoEnglish(dom.host, NAMES);
  });
});
