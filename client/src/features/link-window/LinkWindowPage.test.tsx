import type { LinkWindowError } from "@bedside/shared";
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { i18n } from "../../lib/i18n";
import { axeViolations } from "../../test/axe";
import { useDomRoot } from "../../test/dom";
import { LinkWindowPage } from "./LinkWindowPage";

/** A visit at 15:00 UTC on a given day, its link opening 30 minutes before. */
function windowError(reason: LinkWindowError["reason"], startsAt: Date, timeZone: string, language = "en") {
  return {
    code: reason === "too_early" ? "conflict" : "gone",
    message: "English words from the server",
    reason,
    opensAt: new Date(startsAt.getTime() - 30 * 60_000).toISOString(),
    startsAt: startsAt.toISOString(),
    timeZone,
    language,
  } satisfies LinkWindowError;
}

describe("a booked visit's link outside its window", () => {
  const dom = useDomRoot();
  afterEach(() => vi.useRealTimers());

  it("too early: the visit's day and time and when to come back, in the patient's time zone", async () => {
    const startsAt = new Date("2031-03-04T15:00:00Z"); // a Tuesday; 10:00 in New York (EST)
    await act(async () =>
      dom.root.render(
        <LinkWindowPage
          error={windowError("too_early", startsAt, "America/New_York")}
          onOpen={() => undefined}
        />,
      ),
    );
    expect(dom.host.querySelector("h1")?.textContent).toBe("Your visit is not open yet");
    expect(dom.host.textContent).toContain("Your visit is on Tuesday, March 4 at 10:00 AM EST.");
    expect(dom.host.querySelector('[role="status"]')?.textContent).toBe(
      "Please come back on Tuesday, March 4 at 9:30 AM EST. The link opens 30 minutes before your visit.",
    );
    expect(await axeViolations(dom.host)).toEqual([]);
  });

  it("in Spanish for a Spanish visit, with the time where the patient is", async () => {
    await act(async () => i18n.changeLanguage("es"));
    const startsAt = new Date("2031-03-04T15:00:00Z"); // 16:00 in Madrid
    await act(async () =>
      dom.root.render(
        <LinkWindowPage
          error={windowError("too_early", startsAt, "Europe/Madrid", "es")}
          onOpen={() => undefined}
        />,
      ),
    );
    expect(dom.host.querySelector("h1")?.textContent).toBe("Su consulta todavía no está abierta");
    expect(dom.host.textContent).toMatch(/Su consulta es el martes, 4 de marzo a las 16:00 CET\./);
    expect(dom.host.textContent).toContain("Vuelva el martes, 4 de marzo a las 15:30 CET.");
  });

  it("cancelled: says so and what to do, in English and in Spanish", async () => {
    const startsAt = new Date("2031-03-04T15:00:00Z");
    const error = windowError("cancelled", startsAt, "America/Mexico_City", "es");
    await act(async () => dom.root.render(<LinkWindowPage error={error} onOpen={() => undefined} />));
    expect(dom.host.querySelector("h1")?.textContent).toBe("This visit was cancelled");
    expect(dom.host.querySelector('[role="alert"]')?.textContent).toBe(
      "Your visit on Tuesday, March 4 at 9:00 AM CST was cancelled. This link does not work anymore.",
    );
    expect(dom.host.textContent).toContain("If you still need a visit, please call the clinic.");
    expect(dom.host.querySelector("button")).toBeNull();
    expect(await axeViolations(dom.host)).toEqual([]);

    await act(async () => i18n.changeLanguage("es"));
    expect(dom.host.querySelector("h1")?.textContent).toBe("Esta consulta se canceló");
    // CLDR writes no Spanish abbreviation for Mexico's zone: Intl gives its offset.
    expect(dom.host.textContent).toContain("Su consulta del martes, 4 de marzo a las 9:00 GMT-6 se canceló.");
    expect(dom.host.textContent).toContain("Si todavía necesita una consulta, llame a la clínica.");
  });

  it("opens the visit by itself when the window opens, if the page was left open", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    // Midday: the window opens the same day in UTC whenever the test runs (near midnight the page
    // rightly names the next day instead, "Please come back on Monday, …").
    vi.setSystemTime(new Date("2026-06-15T12:00:00Z"));
    const now = Date.now();
    const startsAt = new Date(now + 40 * 60_000); // opens in 10 minutes
    const onOpen = vi.fn();
    await act(async () =>
      dom.root.render(<LinkWindowPage error={windowError("too_early", startsAt, "UTC")} onOpen={onOpen} />),
    );
    expect(dom.host.querySelector('[role="status"]')?.textContent).toMatch(/^Please come back at \d/);
    await act(async () => vi.advanceTimersByTime(10 * 60_000 - 1));
    expect(onOpen).not.toHaveBeenCalled();
    await act(async () => vi.advanceTimersByTime(1_001));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});
