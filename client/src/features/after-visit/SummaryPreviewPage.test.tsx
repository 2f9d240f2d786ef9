import type { SummaryPreview } from "@bedside/shared";
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { SummaryPreviewPage } from "./SummaryPreviewPage";

const preview: SummaryPreview = {
  patientDisplayName: "Sam Reader",
  clinicianName: "Dr. Rivera",
  visitDate: "2026-11-22T09:00:00.000Z",
  approved: 3,
  alternates: [],
  notSure: [],
  document: {
    language: "en",
    inShort: {
      why: "You came to see Dr. Rivera about a headache.",
      todo: ["Come back in two weeks."],
      help: "If you feel much worse, call us. In an emergency, call 911.",
    },
    medicines: [
      {
        findingId: "f1",
        name: "Synthroid",
        generic: "levothyroxine",
        purpose: "to help your thyroid",
        change: "keep taking",
      },
    ],
    testsAndReferrals: [],
    getHelp: { signs: [], action: "" },
    talkedAbout: [],
    words: [],
  },
};

describe("SummaryPreviewPage", () => {
  const dom = useDomRoot();
  afterEach(() => vi.unstubAllGlobals());

  it("shows the clinician the patient's own summary, says nothing was sent, and has no forms to fill in", async () => {
    const fetch = vi.fn((_url: string) =>
      Promise.resolve(new Response(JSON.stringify(preview), { status: 200 })),
    );
    vi.stubGlobal("fetch", fetch);
    const onBack = vi.fn();
    await act(async () => dom.root.render(<SummaryPreviewPage visitId="v-1" onBack={onBack} />));
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/visits/v-1/preview");
    expect(dom.host.querySelector('[role="note"]')?.textContent).toContain(
      "This is what Sam Reader will read once you release the 3 approved findings. Nothing has been sent.",
    );
    expect(dom.host.querySelector(".summary h2")?.textContent).toBe("Your visit in short");
    expect(dom.host.querySelector(".summary-medicine")?.textContent).toContain("Synthroid (levothyroxine)");
    expect(dom.host.querySelector(".summary-medicine")?.textContent).toContain("keep taking");
    expect(dom.host.querySelectorAll("form, textarea")).toHaveLength(0);
    await act(async () => dom.host.querySelector<HTMLButtonElement>("button")?.click());
    expect(onBack).toHaveBeenCalled();
  });

  it("shows a Spanish-speaking patient's heading and date line in Spanish, and tells the clinician typed words stay as written", async () => {
    const spanish: SummaryPreview = { ...preview, document: { ...preview.document, language: "es" } };
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(spanish), { status: 200 }))),
    );
    await act(async () => dom.root.render(<SummaryPreviewPage visitId="v-1" onBack={() => undefined} />));
    expect(dom.host.querySelector("h1")?.textContent).toBe("Resumen de su consulta");
    expect(dom.host.querySelector(".after__head p")?.textContent).toBe(
      "Su consulta fue el 22 de noviembre de 2026. Dr. Rivera leyó estas notas antes de enviárselas.",
    );
    expect(dom.host.querySelector('[role="note"]')?.textContent).toContain(
      "The patient reads this page in Spanish. Words you typed yourself",
    );
  });

  it("lists for the clinician what the gate kept from the patient, with why", async () => {
    const withheld: SummaryPreview = {
      ...preview,
      notSure: [
        {
          text: "Rest, fluids and sleep can help.",
          why: "The advice is the engine's leaflet for the symptom alone.",
          findingIds: ["f2"],
        },
      ],
    };
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(withheld), { status: 200 }))),
    );
    await act(async () => dom.root.render(<SummaryPreviewPage visitId="v-1" onBack={() => undefined} />));
    const note = dom.host.querySelector('[role="note"]')?.textContent ?? "";
    expect(note).toContain("Not sure, please check.");
    expect(note).toContain("“Rest, fluids and sleep can help.”");
    // Kept from the patient: not in the summary itself.
    expect(dom.host.querySelector(".summary")?.textContent).not.toContain("Rest, fluids and sleep");
  });

  it("says nothing about translation when the patient reads English", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(preview), { status: 200 }))),
    );
    await act(async () => dom.root.render(<SummaryPreviewPage visitId="v-1" onBack={() => undefined} />));
    expect(dom.host.querySelector("h1")?.textContent).toBe("Your visit summary");
    expect(dom.host.querySelector('[role="note"]')?.textContent).not.toContain("typed yourself");
  });
});
