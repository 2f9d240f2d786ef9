import { expect, test } from "@playwright/test";
import { cluster, sumOf } from "./cluster";

test("the sign-in limit holds when attempts alternate between the two API instances", async ({ request }) => {
  // Each attempt hashes a password at full cost (scrypt): slow on a busy 2-core machine.
  test.setTimeout(300_000);
  const { apis } = cluster();
  // An account of its own: the other specs' demo sign-ins are not counted against it.
  const email = "nobody@clinic.example";
  const statuses: number[] = [];
  for (let k = 0; k < 12; k++) {
    const api = apis[k % 2]!;
    const res = await request.post(`${api.url}/api/auth/sign-in`, {
      data: { email, password: `wrong-password-${k}` },
      failOnStatusCode: false,
    });
    statuses.push(res.status());
  }
  console.log(`sign-in answers, alternating API 1 and 2: ${statuses.join(" ")}`);
  // Ten failures per account and address, counted once for both: the 11th and 12th are refused,
  // whichever instance they reach (each instance alone would have seen six).
  expect(statuses.slice(0, 10).filter((s) => s === 429)).toEqual([]);
  expect(statuses.slice(10)).toEqual([429, 429]);
});

test("each API's, each LiveKit node's and each worker's /metrics answer: 2 + 2 + 2 targets", async ({
  request,
}) => {
  const { apis, livekit, workers, metricsToken } = cluster();
  for (const api of apis) {
    const res = await request.get(`${api.url}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(res.status(), api.name).toBe(200);
    const text = await res.text();
    expect(text).toContain("bedside_sockets_connected");
    expect(sumOf(text, "bedside_process_start_time_seconds"), api.name).toBeGreaterThan(0);
    // Without the token, refused (Prometheus alone may read it).
    expect((await request.get(`${api.url}/metrics`, { failOnStatusCode: false })).status()).toBe(403);
  }
  for (const node of livekit.nodes) {
    const text = await (await request.get(node.metricsUrl)).text();
    expect(text, node.name).toContain("livekit_node_");
  }
  expect(workers.map((w) => w.name)).toEqual(["worker-1", "worker-2"]);
  for (const worker of workers) {
    // A worker serves its /metrics once it is up, which a busy machine may take a while to be.
    await expect
      .poll(
        async () =>
          (
            await request.get(worker.metricsUrl, {
              headers: { authorization: `Bearer ${metricsToken}` },
              failOnStatusCode: false,
            })
          ).status(),
        { timeout: 60_000, intervals: [500] },
      )
      .toBe(200);
    const text = await (
      await request.get(worker.metricsUrl, { headers: { authorization: `Bearer ${metricsToken}` } })
    ).text();
    expect(text, worker.name).toContain("bedside_scribe_segments_written_total");
    expect(text, worker.name).toContain("bedside_scribe_jobs_running");
    expect(sumOf(text, "bedside_scribe_worker_process_start_time_seconds"), worker.name).toBeGreaterThan(0);
    // With METRICS_TOKEN set, loopback alone is not enough.
    expect((await request.get(worker.metricsUrl, { failOnStatusCode: false })).status()).toBe(403);
  }
});
