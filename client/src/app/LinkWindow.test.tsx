// Issue 28: a booked visit's link opened too early or after the visit was cancelled says so in the
// visit's language (the server's answer carries it), and a too-early page opens the visit once the
// window opens.
import { act } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { es } from "../locales/es";
import { axeViolations } from "../test/axe";
import { useDomRoot } from "../test/dom";
import { GuestJourney } from "./GuestJourney";
import { Route, Routes } from "react-router";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const secret = "b".repeat(43);
const startsAt = new Date("2031-03-04T15:00:00Z");
const windowError = (reason: "too_early" | "cancelled", language: string) => ({
  error: {
    code: reason === "too_early" ? "conflict" : "gone",
    message: reason === "too_early" ? "This visit opens later." : "This visit was cancelled.",
    reason,
    opensAt: new Date(startsAt.getTime() - 30 * 60_000).toISOString(),
    startsAt: startsAt.toISOString(),
    timeZone: "America/Mexico_City",
    language,
  },
});
const joinInfo = {
  role: "patient",
  clinicianName: "Dr. Rivera",
  scheduledAt: startsAt.toISOString(),
  visitState: "scheduled",
  suggestedName: "Ana",
  preferredLanguage: "es",
};

describe("a booked visit's link, as the patient opens it", () => {
  const dom = useDomRoot();
  afterEach(() => vi.unstubAllGlobals());
  const render = () =>
    act(async () =>
      dom.root.render(
        <MemoryRouter initialEntries={[`/join/${secret}`]}>
          <Routes>
            <Route path="/join/:secret" element={<GuestJourney />} />
          </Routes>
        </MemoryRouter>,
      ),
    );
  const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

  it("cancelled, for a Spanish visit: in Spanish, with <html lang> following", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(json(windowError("cancelled", "es"), 410))),
    );
    await render();
    await settle();
    expect(dom.host.querySelector("h1")?.textContent).toBe("Esta consulta se canceló");
    // CLDR writes no Spanish abbreviation for Mexico's zone: Intl gives its offset.
    expect(dom.host.textContent).toContain("Su consulta del martes, 4 de marzo a las 9:00 GMT-6 se canceló.");
    expect(document.documentElement.lang).toBe("es");
    // Not the generic "this link no longer works" page.
    expect(dom.host.textContent).not.toContain("No pudimos abrir");
    // A whole page: everything in a landmark (the language switch too), nothing else amiss.
    expect(await axeViolations(document.body, { page: true })).toEqual([]);
  });

  it("too early: says when to come back, and 'Try again' opens the visit once the link works", async () => {
    let open = false;
    const fetch = vi.fn(() =>
      Promise.resolve(open ? json(joinInfo) : json(windowError("too_early", "en"), 409)),
    );
    vi.stubGlobal("fetch", fetch);
    await render();
    await settle();
    expect(dom.host.querySelector("h1")?.textContent).toBe("Your visit is not open yet");
    expect(dom.host.textContent).toContain("Please come back on Tuesday, March 4 at 8:30 AM CST.");
    open = true;
    const again = Array.from(dom.host.querySelectorAll("button")).find((b) => b.textContent === "Try again")!;
    await act(async () => again.click());
    await settle();
    // The visit's own page now, in its language.
    expect(dom.host.querySelector("h1")?.textContent).toBe(es.checkIn.title);
  });
});
