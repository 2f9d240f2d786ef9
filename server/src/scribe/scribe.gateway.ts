import { scribeEventSchemas, type Ack, type Principal, type ScribeState } from "@bedside/shared";
import type { FastifyBaseLogger } from "fastify";
import { describeZodError, HttpError } from "../http/http.errors.js";
import type { PresenceServer } from "../presence/presence.gateway.js";
import type { VisitRepository } from "../visits/visit.repository.js";
import { clinicianIdentity } from "./scribe.consent.js";
import type { ScribeService } from "./scribe.service.js";

/** The presence gateway's room for everyone connected to one visit. */
export const visitRoom = (visitId: string) => `visit:${visitId}`;

type ScribeEvent = keyof typeof scribeEventSchemas;

/** `scribe:changed` to everyone connected to the visit. */
export function scribeNotifier(io: PresenceServer) {
  return (state: ScribeState) => void io.to(visitRoom(state.visitId)).emit("scribe:changed", state);
}

/**
 * Scribe commands on the presence socket. Each payload is parsed by its shared schema first;
 * who acts is the connection's principal (never an id from the client): a guest acts for their own
 * voice in their own visit, the clinician only in a visit they own.
 */
export function registerScribeHandlers(
  io: PresenceServer,
  deps: { service: ScribeService; visits: VisitRepository; log: FastifyBaseLogger },
): void {
  const { service, log } = deps;

  async function resolve(who: Principal, visitId: string | undefined) {
    if (who.kind === "guest") {
      if (visitId && visitId !== who.visitId) {
        throw new HttpError(403, "forbidden", "This link is for a different visit.");
      }
      return { visitId: who.visitId, actor: { identity: who.participantId, role: who.role } };
    }
    if (!visitId) throw new HttpError(400, "bad_request", "visitId: Required");
    const visit = await deps.visits.findForClinician(visitId, who.clinicianId);
    if (!visit) throw new HttpError(404, "not_found", "No such visit.");
    return { visitId, actor: { identity: clinicianIdentity(who.clinicianId), role: "clinician" as const } };
  }

  io.on("connection", (socket) => {
    const handle = <E extends ScribeEvent>(
      event: E,
      run: (
        payload: ReturnType<(typeof scribeEventSchemas)[E]["parse"]>,
        who: Principal,
      ) => Promise<ScribeState>,
    ) => {
      socket.on(event, (async (payload: unknown, ack: unknown) => {
        if (typeof ack !== "function") return;
        const reply = ack as (a: Ack<ScribeState>) => void;
        const parsed = scribeEventSchemas[event].safeParse(payload);
        if (!parsed.success) {
          reply({ ok: false, error: { code: "bad_request", message: describeZodError(parsed.error) } });
          return;
        }
        try {
          reply({ ok: true, data: await run(parsed.data as never, socket.data.principal) });
        } catch (err) {
          if (err instanceof HttpError) {
            reply({ ok: false, error: { code: err.code, message: err.message } });
            return;
          }
          log.error({ event, err: (err as Error).message }, "socket event failed");
          reply({ ok: false, error: { code: "internal", message: "Something went wrong on our side." } });
        }
      }) as never);
    };

    handle("scribe:watch", async ({ visitId }, who) => {
      const r = await resolve(who, visitId);
      await socket.join(visitRoom(r.visitId));
      return service.state(r.visitId);
    });
    handle("scribe:pause", async ({ visitId, scope }, who) => {
      const r = await resolve(who, visitId);
      return service.change(r.visitId, r.actor, "pause", scope);
    });
    handle("scribe:resume", async ({ visitId, scope }, who) => {
      const r = await resolve(who, visitId);
      return service.change(r.visitId, r.actor, "resume", scope);
    });
    handle("scribe:withdraw", async ({ visitId }, who) => {
      const r = await resolve(who, visitId);
      return service.change(r.visitId, r.actor, "withdraw", "self");
    });
  });
}
