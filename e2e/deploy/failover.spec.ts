import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { captureWebRTC, flowingRemoteMedia } from "../tests/fixtures";
import { checkIn, cluster, createVisit, launchBrowser, pageOnApi, psqlValue, signIn } from "./cluster";

/** The visit's state as PostgreSQL holds it (what every instance reads). */
const visitState = (visitId: string): string => psqlValue(`select state from visits where id = '${visitId}'`);

// Last: API 1 stays down afterwards.
test("kill -9 of API 1 mid-call: the clinician's page goes on through API 2 with its queue, media never stops, the abandoned call ends by itself", async () => {
  test.setTimeout(240_000);
  const { apis } = cluster();
  const clinicianBrowser = await launchBrowser();
  const patientBrowser = await launchBrowser();
  try {
    const { page: queue, context } = await pageOnApi(clinicianBrowser, 1);
    await signIn(queue);
    const waitingLink = await createVisit(queue, "Wes Waiting");
    const callLink = await createVisit(queue, "Cal Call");
    const { page: waiting } = await pageOnApi(patientBrowser, 2);
    await checkIn(waiting, waitingLink, "Wes Waiting", true);
    const { page: p } = await pageOnApi(patientBrowser, 2);
    await captureWebRTC(p);
    await checkIn(p, callLink, "Cal Call", true);

    const c = await context.newPage();
    await captureWebRTC(c);
    await c.goto("/clinic");
    await c.getByRole("button", { name: "Admit Cal Call" }).click();
    await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
    const visitId = /\/clinic\/visits\/([\w-]+)\/call$/.exec(c.url())![1]!;
    for (const page of [c, p])
      await expect.poll(() => flowingRemoteMedia(page), { timeout: 30_000 }).toEqual({ video: 1, audio: 1 });
    const people = queue.getByRole("region", { name: "People waiting" });
    await expect(people.getByText("Wes Waiting", { exact: true })).toBeVisible();

    execFileSync("kill", ["-9", String(apis[0]!.pid)]);
    // Media goes through LiveKit, not the API: it flows through the whole failover, second by second.
    const until = Date.now() + 12_000;
    while (Date.now() < until) {
      for (const page of [c, p]) expect(await flowingRemoteMedia(page)).toEqual({ video: 1, audio: 1 });
    }
    // The queue is still there, and live: a patient who checks in now (through API 2) appears on it,
    // which only a socket reconnected to API 2 can tell the clinician's page.
    await expect(people.getByText("Wes Waiting", { exact: true })).toBeVisible();
    const lateLink = await createVisit(queue, "Lou Late");
    const { page: late } = await pageOnApi(patientBrowser, 2);
    await checkIn(late, lateLink, "Lou Late", true);
    await expect(people.getByText("Lou Late", { exact: true })).toBeVisible({ timeout: 30_000 });
    expect(visitState(visitId)).toBe("in_call");

    // Everyone leaves without ending it: the room empties, and API 2 ends the call on its own.
    await c.close();
    await p.close();
    await expect.poll(() => visitState(visitId), { timeout: 90_000, intervals: [1_000] }).toBe("ended");
  } finally {
    await clinicianBrowser.close();
    await patientBrowser.close();
  }
});
