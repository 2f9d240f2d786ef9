// Issue 29: browsers get LIVEKIT_PUBLIC_URL (a TLS proxy's address); the address the server uses to
// reach LiveKit (LIVEKIT_URL, often internal) never reaches a browser or the CSP.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { socketClients, startTestApp, type TestApp, createVisit } from "../../test/harness.js";

describe("LIVEKIT_PUBLIC_URL", () => {
  const publicUrl = "wss://media.clinic.example";
  let t: TestApp;
  const clients = socketClients(() => t.url);
  beforeAll(async () => {
    t = await startTestApp({ LIVEKIT_PUBLIC_URL: publicUrl });
  });
  afterAll(async () => {
    clients.closeAll();
    await t.close();
  });

  it("is what a call grant and the Content-Security-Policy name; the internal address appears in neither", async () => {
    const internal = new URL(inject("livekit").url).host;
    const c = await t.app.repos.clinicians.create({
      email: "l@example.org",
      displayName: "Dr. L",
      passwordHash: "x",
    });
    const cookie = `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}`;
    const { visit } = await createVisit(t.url, cookie);
    const clinician = await clients.connected(clients.open({ cookie }));
    const grant = await clinician.emitWithAck("call:join", { visitId: visit.id });
    expect(grant.ok && grant.data.url).toBe(publicUrl);

    const csp = (await fetch(`${t.url}/livez`)).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("wss://media.clinic.example");
    expect(csp).toContain("https://media.clinic.example");
    expect(csp).not.toContain(internal);
  });
});
