// Reminders across server instances and restarts (issue 28): real pg-boss on the test PostgreSQL
// and on an embedded PGlite kept on disk, real HTTP, two app instances sharing one database.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BookVisitResponse } from "@bedside/shared";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openTestDatabase } from "../../test/harness.js";
import { createApp, type App } from "../app.js";
import { parseConfig } from "../config.js";
import { migrateToLatest, openDatabase, type Database } from "../db/database.js";
import { createLivekit } from "../livekit/livekit.client.js";
import type { VisitMessage, VisitMessenger } from "../messaging/messaging.port.js";

function recorder(): VisitMessenger & { sent: VisitMessage[] } {
  const sent: VisitMessage[] = [];
  return { sent, send: async (m) => void sent.push(m) };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await wait(100);
  }
}

interface Instance {
  app: App;
  db: Database;
  url: string;
  messenger: ReturnType<typeof recorder>;
  close(): Promise<void>;
}

/** One app instance on the given database (PostgreSQL URL, or an on-disk PGlite directory). */
async function instance(where: { postgres: string } | { dataDir: string }): Promise<Instance> {
  const lk = inject("livekit");
  const config = parseConfig({
    PORT: "0",
    DATA_DIR: "dataDir" in where ? where.dataDir : mkdtempSync(path.join(os.tmpdir(), "bedside-test-")),
    ...("postgres" in where ? { DATABASE_URL: where.postgres } : {}),
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: lk.apiKey,
    LIVEKIT_API_SECRET: lk.apiSecret,
    DEMO_SEED: "false",
    LOG_LEVEL: "silent",
    JOBS_POLL_SECONDS: "0.5",
  });
  const db = await openDatabase(config.database);
  await migrateToLatest(db);
  const messenger = recorder();
  const app = await createApp({ config, db, livekit: createLivekit(config.livekit), messenger });
  await app.http.listen({ host: "127.0.0.1", port: 0 });
  const address = app.http.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    app,
    db,
    url: `http://127.0.0.1:${port}`,
    messenger,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

async function frontDesk(i: Instance) {
  const desk = await i.app.repos.clinicians.create({
    email: `desk-${Math.random()}@example.org`,
    displayName: "Desk",
    passwordHash: "x",
    roles: ["front_desk"],
  });
  const dr = await i.app.repos.clinicians.create({
    email: `dr-${Math.random()}@example.org`,
    displayName: "Dr. Soon",
    passwordHash: "x",
  });
  return {
    cookie: `bedside_session=${(await i.app.repos.sessions.create(desk.id)).token}`,
    clinicianId: dr.id,
  };
}

/** Books a visit through `i` whose 10-minute reminder is due in `dueInMs`. */
async function bookSoon(i: Instance, who: { cookie: string; clinicianId: string }, dueInMs: number) {
  const res = await fetch(`${i.url}/api/schedule/visits`, {
    method: "POST",
    headers: { cookie: who.cookie, "content-type": "application/json" },
    body: JSON.stringify({
      patientDisplayName: "Pat Soon",
      preferredLanguage: "en",
      interpreterNeeded: false,
      clinicianId: who.clinicianId,
      startsAt: new Date(Date.now() + 10 * 60_000 + dueInMs).toISOString(),
      durationMinutes: 15,
      timeZone: "UTC",
      contact: { email: "pat@example.org", consent: true },
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as BookVisitResponse;
}

const reminders = (is: Instance[], visitId: string) =>
  is.flatMap((i) => i.messenger.sent).filter((m) => m.visitId === visitId && m.kind === "reminder-10m");

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe("reminders with two instances on one PostgreSQL", () => {
  it("sends each 10-minute reminder exactly once, whichever instance runs it", async () => {
    const database = await openTestDatabase("postgres");
    await database.db.destroy();
    cleanup.push(database.drop);
    const a = await instance({ postgres: database.url! });
    const b = await instance({ postgres: database.url! });
    cleanup.push(b.close, a.close);
    const who = await frontDesk(a);
    const booked = [
      await bookSoon(a, who, 2_000),
      await bookSoon(b, who, 2_000),
      await bookSoon(a, who, 2_500),
      await bookSoon(b, who, 2_500),
    ];
    for (const { visit } of booked) await until(() => reminders([a, b], visit.id).length > 0);
    await wait(3_000);
    for (const { visit } of booked) expect(reminders([a, b], visit.id)).toHaveLength(1);
    // Invitations too: once each.
    const invitations = [a, b].flatMap((i) => i.messenger.sent).filter((m) => m.kind === "invitation");
    expect(invitations).toHaveLength(booked.length);
  }, 60_000);

  it("sends once even when both instances run the same job at the same moment (a retry racing)", async () => {
    const database = await openTestDatabase("postgres");
    await database.db.destroy();
    cleanup.push(database.drop);
    const a = await instance({ postgres: database.url! });
    const b = await instance({ postgres: database.url! });
    cleanup.push(b.close, a.close);
    const { visit } = await bookSoon(a, await frontDesk(a), 60_000);
    const job = {
      visitId: visit.id,
      kind: "reminder-10m" as const,
      startsAt: visit.startsAt,
      claimAt: visit.startsAt,
      baseUrl: a.url,
    };
    const results = await Promise.all([
      a.app.schedule.fire(job),
      b.app.schedule.fire(job),
      a.app.schedule.fire(job),
    ]);
    expect(results.filter((r) => r === "sent")).toHaveLength(1);
    expect(reminders([a, b], visit.id)).toHaveLength(1);
  }, 60_000);
});

describe("a restart between booking and reminder", () => {
  for (const kind of ["postgres", "pglite"] as const) {
    it(`loses no reminder (${kind})`, async () => {
      let where: { postgres: string } | { dataDir: string };
      if (kind === "postgres") {
        const database = await openTestDatabase("postgres");
        await database.db.destroy();
        cleanup.push(database.drop);
        where = { postgres: database.url! };
      } else {
        where = { dataDir: mkdtempSync(path.join(os.tmpdir(), "bedside-restart-")) };
      }
      const first = await instance(where);
      const { visit } = await bookSoon(first, await frontDesk(first), 3_000);
      await first.close();
      // Down while the reminder comes due.
      await wait(4_000);
      const second = await instance(where);
      cleanup.push(second.close);
      await until(() => reminders([second], visit.id).length > 0);
      await wait(2_000);
      expect(reminders([first, second], visit.id)).toHaveLength(1);
      // The invitation was queued with the booking: sent once, by the first or (if it was stopped
      // before it polled) the second.
      const invitations = [first, second]
        .flatMap((i) => i.messenger.sent)
        .filter((m) => m.kind === "invitation");
      expect(invitations).toHaveLength(1);
      // A new on-disk PGlite takes ~20 s to create and migrate here (each migration syncs to disk).
    }, 150_000);
  }
});
