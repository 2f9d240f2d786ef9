import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { PeoplePage } from "./PeoplePage";

const people = {
  clinicName: "Riverside",
  people: [
    {
      id: "0b6b1a4e-2f0e-4f7a-9d7e-1c2b3a4d5e6f",
      email: "admin@riverside.test",
      displayName: "Dr. Ruiz",
      roles: ["admin"],
      deactivatedAt: null,
      createdAt: "2026-01-01T00:00:00.000Z",
    },
    {
      id: "1c7c2b5f-3a1f-4b8a-8e8f-2d3c4b5e6f70",
      email: "desk@riverside.test",
      displayName: "Sam",
      roles: ["front_desk"],
      deactivatedAt: null,
      createdAt: "2026-01-01T00:00:00.000Z",
    },
  ],
  invitations: [],
};
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("PeoplePage", () => {
  const dom = useDomRoot();
  const answers: Response[] = [];
  const fetch = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(answers.shift() ?? json(people)));
  beforeEach(() => vi.stubGlobal("fetch", fetch));
  afterEach(() => {
    vi.unstubAllGlobals();
    fetch.mockClear();
  });
  const button = (name: string) =>
    [...dom.host.querySelectorAll("button")].find((b) => b.textContent === name) as HTMLButtonElement;
  const render = async () => {
    await act(async () => dom.root.render(<PeoplePage onSignOut={() => {}} />));
  };

  it("lists the clinic's people with their roles as labelled checkboxes", async () => {
    await render();
    expect(dom.host.querySelector("h1")?.textContent).toBe("People");
    const rows = [...dom.host.querySelectorAll("tbody tr")].map((r) => r.querySelector("th")?.textContent);
    expect(rows).toEqual(["Dr. Ruiz", "Sam"]);
    const sam = dom.host.querySelectorAll("tbody tr")[1]!;
    const checked = [...sam.querySelectorAll<HTMLInputElement>("input[type=checkbox]")]
      .filter((c) => c.checked)
      .map((c) => c.value);
    expect(checked).toEqual(["front_desk"]);
  });

  it("deactivates by id and says, as an alert, why the server refused", async () => {
    await render();
    answers.push(
      json(
        {
          error: {
            code: "conflict",
            message: "This is the clinic's last active admin: make someone else an admin first.",
          },
        },
        409,
      ),
    );
    await act(async () => button("Deactivate Dr. Ruiz").click());
    expect(fetch).toHaveBeenCalledWith(
      "/api/admin/people/0b6b1a4e-2f0e-4f7a-9d7e-1c2b3a4d5e6f/deactivate",
      expect.objectContaining({ method: "POST" }),
    );
    expect(dom.host.querySelector("[role=alert]")?.textContent).toMatch(/last active admin/);
  });

  it("saves the roles ticked for a person", async () => {
    await render();
    const sam = dom.host.querySelectorAll("tbody tr")[1]!;
    await act(async () => sam.querySelector<HTMLInputElement>("input[value=clinician]")!.click());
    answers.push(json({ ok: true }));
    await act(async () => button("Save roles of Sam").click());
    expect(fetch).toHaveBeenCalledWith(
      "/api/admin/people/1c7c2b5f-3a1f-4b8a-8e8f-2d3c4b5e6f70/roles",
      expect.objectContaining({
        method: "PUT",
        body: JSON.stringify({ roles: ["clinician", "front_desk"] }),
      }),
    );
    expect(dom.host.querySelector("[role=status]")?.textContent).toBe("Saved.");
  });

  it("empties the invitation form once sent, so the next one typed while the list reloads is kept", async () => {
    await render();
    let listed!: (r: Response) => void;
    fetch.mockImplementationOnce(() =>
      Promise.resolve(
        json({ id: "2d8d3c6a-4b2a-4c9b-9f90-3e4d5c6f7a81", expiresAt: "2026-12-10T00:00:00.000Z" }),
      ),
    );
    // The list read again after the invitation answers only when the test says so.
    fetch.mockImplementationOnce(() => new Promise<Response>((resolve) => (listed = resolve)));
    const form = [...dom.host.querySelectorAll("form")].at(-1)!;
    const email = form.querySelector<HTMLInputElement>("input[name=email]")!;
    email.value = "ames@riverside.test";
    await act(async () => form.requestSubmit());
    expect(dom.host.querySelector("[role=status]")?.textContent).toBe(
      "Invitation sent to ames@riverside.test.",
    );
    expect(email.value).toBe("");
    email.value = "brook@riverside.test";
    await act(async () => listed(json(people)));
    expect(email.value).toBe("brook@riverside.test");
  });
});
