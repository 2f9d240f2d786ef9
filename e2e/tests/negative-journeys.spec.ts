import type { ClientToServerEvents, ServerToClientEvents, VisitSummary } from "@bedside/shared";
import type { Page } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { freeTcpPort, startLivekit } from "../../scripts/livekit.mjs";
import { startServer } from "../stack";
import {
  captureWebRTC,
  expect,
  lineLivekit,
  sentencesAboveGrade6,
  signInAsDemoClinician,
  snapshot,
  test,
} from "./fixtures";

async function createVisit(page: Page, name: string): Promise<string> {
  await page.getByLabel("Patient name").fill(name);
  await page.getByRole("button", { name: "Create visit and links" }).click();
  const item = page.getByRole("listitem").filter({ hasText: name });
  return item.getByLabel("Patient link").inputValue();
}

async function checkInQuickly(page: Page, link: string) {
  await page.goto(link);
  await page.getByLabel("No, do not take notes of what I say").check();
  await page.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(page.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
}

/** The participant secret the browser got at check-in, as it would travel on the socket. */
async function guestSocket(
  page: Page,
  baseURL: string,
): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const saved = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith("bedside:participant:"));
    return key ? sessionStorage.getItem(key) : null;
  });
  const { token } = JSON.parse(saved ?? "{}") as { token: string };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseURL, {
    transports: ["websocket"],
    auth: { participantToken: token },
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

test("a replaced link explains itself, and the new one works", async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  await signInAsDemoClinician(page);
  const oldLink = await createVisit(page, "Revoked Rita");
  // Rita is already waiting with the old link when the clinic replaces it (issue 12): her page
  // says the link no longer works, instead of trying to reconnect forever.
  const patient = await browser.newPage({ baseURL: baseURL! });
  await checkInQuickly(patient, oldLink);
  await expect(page.getByRole("button", { name: "Admit Revoked Rita" })).toBeVisible();
  const item = page.getByRole("listitem").filter({ hasText: "Revoked Rita" }).last();
  // Revoking asks first, and the safe choice has the focus; saying no changes nothing.
  await item.getByRole("button", { name: "New patient link" }).click();
  const ask = page.getByRole("alertdialog", { name: "Make a new patient link for Revoked Rita's visit?" });
  await expect(ask).toContainText("stops working at once");
  await expect(ask.getByRole("button", { name: "Keep the old link" })).toBeFocused();
  await snapshot(page, testInfo, "clinician-new-link-confirm-desktop");
  await ask.getByRole("button", { name: "Keep the old link" }).click();
  await expect(item.getByLabel("Patient link")).toHaveValue(oldLink);
  await expect(patient.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  await item.getByRole("button", { name: "New patient link" }).click();
  await ask.getByRole("button", { name: "Make a new link" }).click();
  await expect(item.getByLabel("Patient link")).not.toHaveValue(oldLink);
  const newLink = await item.getByLabel("Patient link").inputValue();
  await expect(patient.getByRole("alert")).toHaveText(
    "This visit link no longer works. If you still need the visit, ask the clinic for a new link.",
  );
  // The patient's page says what to do now: call the clinic, and 911 if it is urgent.
  await expect(patient.getByText("Call the clinic to get a new link.")).toBeVisible();
  await expect(patient.getByText(/If it is urgent, call 911/)).toBeVisible();
  // Rita has gone: the clinician is not offered to admit her, and her visit no longer says someone waits.
  await expect(page.getByRole("button", { name: "Admit Revoked Rita" })).toHaveCount(0);
  await expect(item.getByText("Someone is waiting")).toHaveCount(0);
  await expect(item.getByText("Left the waiting room")).toBeVisible();
  await snapshot(page, testInfo, "clinician-queue-after-revoke-desktop");

  await patient.goto(oldLink);
  await expect(patient.getByRole("heading", { name: "We could not open this visit" })).toBeVisible();
  await expect(patient.getByRole("alert")).toHaveText(/cancelled or replaced\. Please use the newest link/);
  await expect(patient.getByText("Call the clinic to get a new link.")).toBeVisible();
  await snapshot(patient, testInfo, "link-revoked");
  expect(await sentencesAboveGrade6(patient)).toEqual([]);
  await patient.goto(newLink);
  await expect(patient.getByRole("heading", { name: "Before you join" })).toBeVisible();
  await patient.close();
});

test("an expired link explains itself", async ({ browser }, testInfo) => {
  // A second server on the line's LiveKit whose links live for two seconds.
  const livekit = lineLivekit(testInfo);
  const shortLived = await startServer(livekit, {
    LINK_TTL_HOURS: String(2 / 3600),
    SCRIBE_ENABLED: "false",
  });
  try {
    const page = await browser.newPage({ baseURL: shortLived.url });
    await signInAsDemoClinician(page);
    const link = await createVisit(page, "Late Larry");
    await page.waitForTimeout(2_500);
    await page.goto(link);
    await expect(page.getByRole("alert")).toHaveText(/This visit link has expired\. Please ask the clinic/);
    await page.close();
  } finally {
    await shortLived.stop();
  }
});

test("nobody gets a media token before admission, and a link cannot reach another visit", async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAsDemoClinician(page);
  const linkA = await createVisit(page, "Alice Early");
  await createVisit(page, "Bob Other");

  const patient = await browser.newPage({ baseURL: baseURL! });
  await captureWebRTC(patient);
  await checkInQuickly(patient, linkA);
  const socket = await guestSocket(patient, baseURL!);
  try {
    const early = await socket.emitWithAck("call:join", {});
    expect(early).toEqual({
      ok: false,
      error: { code: "forbidden", message: "You have not been admitted yet. Please wait for the clinician." },
    });

    // Bob's visit id, as the clinician's live queue knows it, is useless with Alice's link.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const clinicianSocket = io(baseURL!, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
    });
    const snapshotAck = await clinicianSocket.emitWithAck("queue:watch", {});
    clinicianSocket.disconnect();
    if (!snapshotAck.ok) throw new Error(snapshotAck.error.message);
    const bob = snapshotAck.data.visits.find((v: VisitSummary) => v.patientDisplayName === "Bob Other");
    expect(bob).toBeDefined();
    const crossVisit = await socket.emitWithAck("call:join", { visitId: bob!.id });
    expect(crossVisit).toEqual({
      ok: false,
      error: { code: "forbidden", message: "This link is for a different visit." },
    });

    // A guest cannot act as the clinician either.
    expect(await socket.emitWithAck("visit:end", { visitId: bob!.id })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  } finally {
    socket.disconnect();
  }
  // The waiting patient's browser never opened a media connection.
  await expect(patient.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();
  expect(await patient.evaluate(() => (window as unknown as { __pcs: unknown[] }).__pcs.length)).toBe(0);
  await patient.close();
});

test("a call everyone left ends by itself: LiveKit's webhook reaches the server", async ({ browser }) => {
  // A server of its own whose LiveKit posts to it, with a short grace before an empty call ends.
  const port = await freeTcpPort();
  const livekit = await startLivekit({ webhookUrls: [`http://127.0.0.1:${port}/api/livekit/webhook`] });
  const server = await startServer(livekit, {
    PORT: String(port),
    CALL_EMPTY_END_SECONDS: "2",
    SCRIBE_ENABLED: "false",
  });
  try {
    const page = await browser.newPage({ baseURL: server.url });
    await captureWebRTC(page);
    await signInAsDemoClinician(page);
    await createVisit(page, "Gone Gina");
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await page
      .getByRole("listitem")
      .filter({ hasText: "Gone Gina" })
      .getByRole("button", { name: "Start call" })
      .click();
    // In the room: the browser's connection to LiveKit's media server is up.
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.some(
            (pc) => pc.connectionState === "connected",
          ),
        ),
      )
      .toBe(true);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
    });
    try {
      const state = async () => {
        const ack = await socket.emitWithAck("queue:watch", {});
        if (!ack.ok) throw new Error(ack.error.message);
        return ack.data.visits.find((v: VisitSummary) => v.patientDisplayName === "Gone Gina")?.state;
      };
      expect(await state()).toBe("in_call");
      // The clinician's tab closes without ending the visit; nobody is left in the call.
      await page.close();
      await expect.poll(state, { timeout: 60_000, intervals: [500] }).toBe("ended");
    } finally {
      socket.disconnect();
    }
  } finally {
    await server.stop();
    await livekit.stop();
  }
});
