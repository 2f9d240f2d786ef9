import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { i18n } from "../lib/i18n";
import { useDomRoot } from "../test/dom";
import { EmergencyText } from "./EmergencyText";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("EmergencyText", () => {
  const dom = useDomRoot();
  afterEach(async () => {
    vi.unstubAllGlobals();
    await i18n.changeLanguage("en");
  });
  const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

  it("says the clinic's emergency number once the server has said it, in the page's language", async () => {
    let answer: (r: Response) => void = () => {};
    const fetch = vi.fn((_url: string) => new Promise<Response>((r) => (answer = r)));
    vi.stubGlobal("fetch", fetch);
    await act(async () => dom.root.render(<EmergencyText line="journey.urgent" />));
    // On a slow connection, before the answer: no number rather than a wrong one.
    expect(dom.host.textContent).toBe("If it is urgent, call for help or go to the nearest emergency room.");
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/clinic");
    answer(json({ emergencyNumber: "999" }));
    await settle();
    expect(dom.host.textContent).toBe("If it is urgent, call 999 or go to the nearest emergency room.");
    await act(async () => i18n.changeLanguage("es"));
    expect(dom.host.textContent).toBe(
      "Si es urgente, llame al 999 o vaya a la sala de emergencias más cercana.",
    );
  });

  it("keeps the words without a number when the server cannot say it", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() =>
        Promise.resolve(json({ error: { code: "internal", message: "Something went wrong." } }, 500)),
      ),
    );
    await act(async () => dom.root.render(<EmergencyText line="common.emergency" />));
    await settle();
    expect(dom.host.textContent).toContain("In an emergency, call for help.");
    expect(dom.host.textContent).not.toMatch(/\d/);
  });
});
