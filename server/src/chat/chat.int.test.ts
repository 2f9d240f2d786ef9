// Issue 30: the visit's chat over real socket.io clients, a real database and the real app.
import type { ChatMessage } from "@bedside/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  socketClients,
  startTestApp,
  type ClientSocket,
  type TestApp,
  createVisit,
} from "../../test/harness.js";
import { createRetentionRepository } from "../retention/retention.repository.js";
import { createChatRepository } from "./chat.repository.js";
import { CHAT_BURST, createChatService } from "./chat.service.js";

const deviceCheck = { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 };

describe("the visit's chat", () => {
  let t: TestApp;
  let clinicianId: string;
  let cookie: string;
  let frontDeskCookie: string;
  let otherCookie: string;
  const clients = socketClients(() => t.url);

  beforeAll(async () => {
    t = await startTestApp({ SCRIBE_ENABLED: "false", RATE_LIMIT_SCALE: "100" });
    const make = async (email: string, roles?: Array<"clinician" | "front_desk">) => {
      const c = await t.app.repos.clinicians.create({ email, displayName: email, passwordHash: "x", roles });
      return { id: c.id, cookie: `bedside_session=${(await t.app.repos.sessions.create(c.id)).token}` };
    };
    const owner = await make("Dr. Chat");
    clinicianId = owner.id;
    cookie = owner.cookie;
    frontDeskCookie = (await make("Desk", ["front_desk"])).cookie;
    otherCookie = (await make("Dr. Other")).cookie;
  });
  afterAll(async () => {
    clients.closeAll();
    await t.close();
  });

  const open = (opts: { participantToken?: string; cookie?: string }) =>
    clients.connected(clients.open(opts));
  const ack = async <T>(p: Promise<unknown>) =>
    (await p) as { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
  const next = (s: ClientSocket) =>
    new Promise<ChatMessage>((resolve) => s.once("chat:message-sent", resolve));
  const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms))]);

  async function newVisit(interpreterNeeded = true) {
    const body = await createVisit(t.url, cookie, interpreterNeeded);
    const guest = async (role: string, displayName: string) => {
      const link = body.links.find((l) => l.role === role)!.url.split("/join/")[1]!;
      const r = await fetch(`${t.url}/api/join/${link}/check-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName, scribeConsent: "granted", deviceCheck }),
      });
      expect(r.status).toBe(201);
      const g = (await r.json()) as { participantId: string; participantToken: string };
      const s = await open({ participantToken: g.participantToken });
      expect((await s.emitWithAck("waiting:join", {})).ok).toBe(true);
      return { ...g, socket: s };
    };
    const patient = await guest("patient", "Pat Patient");
    const interpreter = interpreterNeeded ? await guest("interpreter", "Ina Interpreter") : undefined;
    return { visitId: body.visit.id, patient, interpreter };
  }

  it("the waiting patient writes, the clinician sees it live and in the history; the text stays as written", async () => {
    const v = await newVisit(false);
    const doctor = await open({ cookie });
    const watched = await ack<{ messages: ChatMessage[] }>(
      doctor.emitWithAck("chat:watch", { visitId: v.visitId }),
    );
    expect(watched).toEqual({ ok: true, data: { messages: [] } });
    expect((await v.patient.socket.emitWithAck("chat:watch", {})).ok).toBe(true);

    const seen = next(doctor);
    const text = '  <img src=x onerror="alert(1)"> I am here\nsecond line  ';
    const sent = await ack<ChatMessage>(v.patient.socket.emitWithAck("chat:send", { text }));
    expect(sent).toMatchObject({
      ok: true,
      data: { visitId: v.visitId, senderRole: "patient", senderName: "Pat Patient", text: text.trim() },
    });
    expect(await within(seen, 2_000)).toEqual(sent.ok && sent.data);

    // The clinician answers; the patient's page receives it.
    const reply = next(v.patient.socket);
    expect(
      (await doctor.emitWithAck("chat:send", { visitId: v.visitId, text: "I'll be with you soon." })).ok,
    ).toBe(true);
    expect(await within(reply, 2_000)).toMatchObject({ senderRole: "clinician", senderName: "Dr. Chat" });

    const again = await ack<{ messages: ChatMessage[] }>(
      doctor.emitWithAck("chat:watch", { visitId: v.visitId }),
    );
    expect(again.ok && again.data.messages.map((m) => m.text)).toEqual([
      text.trim(),
      "I'll be with you soon.",
    ]);
  });

  it("in the call everyone admitted exchanges messages, the interpreter included; the clinic's front desk may write, other clinicians may not", async () => {
    const v = await newVisit();
    const doctor = await open({ cookie });
    // The interpreter waits: the waiting-room chat is the patient's with the clinic.
    const early = await ack(v.interpreter!.socket.emitWithAck("chat:watch", {}));
    expect(early).toMatchObject({ ok: false, error: { code: "forbidden" } });
    for (const p of [v.patient, v.interpreter!]) await t.app.visits.admit(clinicianId, p.participantId);
    for (const s of [doctor, v.patient.socket, v.interpreter!.socket]) {
      expect((await s.emitWithAck("chat:watch", { visitId: v.visitId })).ok).toBe(true);
    }
    const atInterpreter = next(v.interpreter!.socket);
    const atDoctor = next(doctor);
    expect((await v.patient.socket.emitWithAck("chat:send", { text: "It hurts here" })).ok).toBe(true);
    expect(await within(atInterpreter, 2_000)).toMatchObject({
      text: "It hurts here",
      senderRole: "patient",
    });
    expect(await within(atDoctor, 2_000)).toMatchObject({ text: "It hurts here" });
    const fromInterpreter = next(v.patient.socket);
    expect((await v.interpreter!.socket.emitWithAck("chat:send", { text: "Le duele aquí" })).ok).toBe(true);
    expect(await within(fromInterpreter, 2_000)).toMatchObject({ senderRole: "interpreter" });

    const desk = await open({ cookie: frontDeskCookie });
    const deskSent = await ack<ChatMessage>(
      desk.emitWithAck("chat:send", { visitId: v.visitId, text: "Your ride is here at 3." }),
    );
    expect(deskSent).toMatchObject({ ok: true, data: { senderRole: "front_desk" } });
    const other = await open({ cookie: otherCookie });
    expect(await ack(other.emitWithAck("chat:send", { visitId: v.visitId, text: "hi" }))).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    // A guest names only their own visit.
    const elsewhere = await newVisit(false);
    expect(
      await ack(v.patient.socket.emitWithAck("chat:send", { visitId: elsewhere.visitId, text: "hi" })),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("a patient removed from the call can no longer write, nor receives the call's messages", async () => {
    const v = await newVisit(false);
    const doctor = await open({ cookie });
    await t.app.visits.admit(clinicianId, v.patient.participantId);
    expect((await v.patient.socket.emitWithAck("chat:watch", {})).ok).toBe(true);
    expect((await doctor.emitWithAck("chat:watch", { visitId: v.visitId })).ok).toBe(true);
    await t.app.visits.sendBack(clinicianId, v.patient.participantId);

    const refused = await ack(v.patient.socket.emitWithAck("chat:send", { text: "let me back in" }));
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const leaked = next(v.patient.socket);
    expect(
      (await doctor.emitWithAck("chat:send", { visitId: v.visitId, text: "notes for the chart" })).ok,
    ).toBe(true);
    expect(await within(leaked, 500)).toBe("timeout");
    const rows = await t.db
      .selectFrom("visit_chat_messages")
      .select("body")
      .where("visit_id", "=", v.visitId)
      .execute();
    expect(rows.map((r) => r.body)).toEqual(["notes for the chart"]);

    // Once the visit ends nobody writes in it.
    await t.app.visits.end(clinicianId, v.visitId);
    expect(await ack(doctor.emitWithAck("chat:send", { visitId: v.visitId, text: "late" }))).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
  });

  it("a flood is refused per person, before anything is written", async () => {
    const v = await newVisit(false);
    // The production allowance (RATE_LIMIT_SCALE 1) over the real repository and access checks.
    const chat = createChatService({
      repo: createChatRepository(t.db),
      access: t.app.access,
      visits: t.app.visits,
      audit: { record: async () => {} },
    });
    const who = {
      kind: "guest" as const,
      participantId: v.patient.participantId,
      visitId: v.visitId,
      clinicianId,
      role: "patient" as const,
    };
    const results = await Promise.allSettled(
      Array.from({ length: CHAT_BURST + 3 }, (_, i) => chat.send(who, undefined, `message ${i}`)),
    );
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(3);
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual([
      "rate_limited",
      "rate_limited",
      "rate_limited",
    ]);
    const rows = await t.db
      .selectFrom("visit_chat_messages")
      .select("id")
      .where("visit_id", "=", v.visitId)
      .execute();
    expect(rows).toHaveLength(CHAT_BURST);
  });

  it("refuses empty, too long and malformed messages, writing nothing", async () => {
    const v = await newVisit(false);
    const s = v.patient.socket;
    for (const bad of [{ text: "   " }, { text: "x".repeat(2_001) }, { text: 3 }, { text: "hi", extra: 1 }]) {
      expect(await ack(s.emitWithAck("chat:send", bad as never))).toMatchObject({
        ok: false,
        error: { code: "bad_request" },
      });
    }
    expect((await ack(s.emitWithAck("chat:send", { text: "x".repeat(2_000) }))).ok).toBe(true);
    const count = async () =>
      (await t.db.selectFrom("visit_chat_messages").select("id").where("visit_id", "=", v.visitId).execute())
        .length;
    expect(await count()).toBe(1);
  });

  it("the review page reads the chat for the visit's clinician only, and records the read", async () => {
    const v = await newVisit(false);
    expect((await v.patient.socket.emitWithAck("chat:send", { text: "My pharmacy is on Main St." })).ok).toBe(
      true,
    );
    const res = await fetch(`${t.url}/api/visits/${v.visitId}/chat`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: ChatMessage[] };
    expect(body.messages.map((m) => [m.senderRole, m.text])).toEqual([
      ["patient", "My pharmacy is on Main St."],
    ]);
    const audit = await t.db
      .selectFrom("audit_events")
      .select(["action", "detail"])
      .where("visit_id", "=", v.visitId)
      .where("action", "=", "chat.read")
      .execute();
    expect(audit).toEqual([{ action: "chat.read", detail: { messages: 1 } }]);
    expect(
      (await fetch(`${t.url}/api/visits/${v.visitId}/chat`, { headers: { cookie: otherCookie } })).status,
    ).toBe(404);
  });

  it("retention deletes the chat with the transcript, and its names with the names", async () => {
    const v = await newVisit(false);
    expect((await v.patient.socket.emitWithAck("chat:send", { text: "old news" })).ok).toBe(true);
    await t.app.visits.end(clinicianId, v.visitId);
    const repo = createRetentionRepository(t.db);
    const future = new Date(Date.now() + 60_000);
    await repo.purgeNames(future);
    const renamed = await t.db
      .selectFrom("visit_chat_messages")
      .select("sender_name")
      .where("visit_id", "=", v.visitId)
      .execute();
    expect(renamed).toEqual([{ sender_name: "Patient" }]);
    const purged = await repo.purgeTranscripts(future);
    expect(purged.get(v.visitId)).toBe(1);
    const left = await t.db
      .selectFrom("visit_chat_messages")
      .select("id")
      .where("visit_id", "=", v.visitId)
      .execute();
    expect(left).toEqual([]);
  });
});
