import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { useSessionStore } from "./session-store";
import { SpeechLanguageSetting } from "./SpeechLanguageSetting";

const clinician = {
  id: "0b6b1a4e-2f0e-4f7a-9d7e-1c2b3a4d5e6f",
  email: "rivera@bedside.local",
  displayName: "Dr. Rivera",
  speechLanguage: "en",
  clinicId: "7d0c2a8e-3b1f-4c6d-8e9a-0f1b2c3d4e5f",
  roles: ["clinician" as const],
};

describe("SpeechLanguageSetting", () => {
  const dom = useDomRoot();
  let answer: Response;
  const fetch = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(answer));
  beforeEach(() => {
    vi.stubGlobal("fetch", fetch);
    useSessionStore.setState({ status: "signed-in", clinician, error: undefined });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetch.mockClear();
  });

  const select = () => dom.host.querySelector("select")!;
  const choose = async (value: string) => {
    await act(async () => {
      select().value = value;
      select().dispatchEvent(new Event("change", { bubbles: true }));
    });
  };

  it("shows the clinician's language by its own name and saves a change on the server", async () => {
    act(() => dom.root.render(<SpeechLanguageSetting />));
    expect(dom.host.querySelector("label")?.textContent).toContain("I speak in visits");
    expect(select().value).toBe("en");
    expect([...select().options].map((o) => o.textContent)).toContain("español");
    answer = new Response(JSON.stringify({ clinician: { ...clinician, speechLanguage: "es" } }), {
      status: 200,
    });
    await choose("es");
    expect(fetch).toHaveBeenCalledWith(
      "/api/auth/me",
      expect.objectContaining({ method: "PATCH", body: JSON.stringify({ speechLanguage: "es" }) }),
    );
    expect(select().value).toBe("es");
  });

  it("keeps the old language and says why when the server refuses", async () => {
    act(() => dom.root.render(<SpeechLanguageSetting />));
    answer = new Response(
      JSON.stringify({ error: { code: "bad_request", message: "Use a language code." } }),
      {
        status: 400,
      },
    );
    await choose("fr");
    expect(select().value).toBe("en");
    expect(dom.host.querySelector("[role=alert]")?.textContent).toBe("Use a language code.");
  });
});
