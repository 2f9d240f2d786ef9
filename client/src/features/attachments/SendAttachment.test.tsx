import { act } from "react";
import { I18nextProvider } from "react-i18next";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyVisitLanguage, i18n } from "../../lib/i18n";
import { axeViolations } from "../../test/axe";
import { useDomRoot } from "../../test/dom";
import { SendAttachment } from "./SendAttachment";

/** Chooses a file in the hidden file input, as the browser's picker does. */
async function choose(host: HTMLElement, file: File) {
  const input = host.querySelector<HTMLInputElement>('[data-testid="attachment-file"]')!;
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  await act(async () => input.dispatchEvent(new Event("change", { bubbles: true })));
}

describe("SendAttachment", () => {
  const dom = useDomRoot();
  afterEach(() => {
    vi.unstubAllGlobals();
    applyVisitLanguage("en");
  });
  const render = () =>
    act(async () =>
      dom.root.render(
        <I18nextProvider i18n={i18n}>
          <SendAttachment participantToken="token" />
        </I18nextProvider>,
      ),
    );

  it("says in Spanish why the server refused a file, by its reason", async () => {
    applyVisitLanguage("es");
    const fetch = vi.fn(() =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            error: { code: "bad_request", message: "Only photos…", reason: "unsupported_type" },
          }),
          { status: 415 },
        ),
      ),
    );
    vi.stubGlobal("fetch", fetch);
    await render();
    expect(dom.host.textContent).toContain("Tomar una foto");
    await choose(dom.host, new File(["MZ\x90\x00"], "foto.jpg", { type: "image/jpeg" }));
    expect(fetch).toHaveBeenCalledOnce();
    expect(dom.host.querySelector('[role="status"]')?.textContent).toBe(
      "Este archivo no se puede enviar. Envíe una foto (JPEG, PNG o HEIC) o un PDF.",
    );
    expect(await axeViolations(dom.host)).toEqual([]);
  });

  it("refuses a file over 10 MB before sending a byte", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    await render();
    await choose(dom.host, new File([new Uint8Array(10 * 1024 * 1024 + 1)], "big.pdf"));
    expect(fetch).not.toHaveBeenCalled();
    expect(dom.host.querySelector('[role="status"]')?.textContent).toBe(
      "This file is larger than 10 MB. Please send a smaller one.",
    );
  });
});
