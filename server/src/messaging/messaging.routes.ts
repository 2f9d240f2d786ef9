// The staff's view of a visit's deliveries, and the text provider's webhooks (delivery status,
// replies). The webhooks carry no session: the provider's signature over the URL and the form
// fields is their only credential, checked before anything is read.
import { contract } from "@bedside/shared";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";

import { describeZodError } from "../http/http.errors.js";
import { routesOf } from "../http/http.routes.js";
import type { Access } from "../access/access.resolver.js";
import type { MessagingService } from "./messaging.service.js";
import type { WebhookRequest } from "./sms.provider.js";
import { DomainError } from "../access/access.errors.js";
import { staffOf, type Guards } from "../access/access.guards.js";

/** Twilio posts form fields; at most a few kilobytes. */
const WEBHOOK_BODY_LIMIT = 16 * 1024;

/** Form fields as Twilio's signature reads them: a repeated field is a list. No prototype: any key is data. */
export function formFields(body: string): Record<string, string | string[]> {
  const params = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : [seen, value].flat();
  }
  return params;
}

export async function registerMessagingRoutes(
  app: FastifyInstance,
  deps: {
    messaging: MessagingService;
    guards: Guards;
    access: Pick<Access, "deskVisit">;
    publicUrl: string | undefined;
  },
): Promise<void> {
  const { messaging, access, guards } = deps;

  // The visit's clinician, or the clinic's front desk: what was sent to the patient and how it went.
  routesOf(app, guards)(contract.deliveries, async (request) => {
    const who = staffOf(request);
    const { visitId } = request.params;
    await access.deskVisit(who, visitId);
    return messaging.deliveries(visitId);
  });

  /** The URL as the provider signed it: PUBLIC_URL (what it was given) and the path with its query. */
  const webhookRequest = (request: FastifyRequest): WebhookRequest => ({
    url: `${deps.publicUrl ?? `${request.protocol}://${request.host}`}${request.url}`,
    headers: request.headers,
    params: (request.body ?? {}) as Record<string, string | string[]>,
  });
  const unsigned = () =>
    new DomainError("unauthorized", "The webhook's signature did not verify (or texts are not set up).");
  /** A signed webhook whose fields are not what the provider sends: a 400, nothing written. */
  const readOr400 = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof z.ZodError) throw new DomainError("bad_request", describeZodError(err));
      throw err;
    }
  };

  await app.register(async (scope) => {
    // Only form posts here (the provider's format); no other body is read on these two routes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => {
        done(null, formFields(String(body)));
      },
    );

    const route = routesOf(scope);
    route(contract.twilioStatus, async (request, reply) => {
      const ok = await readOr400(() => messaging.statusWebhook(webhookRequest(request)));
      if (!ok) throw unsigned();
      return reply.status(204).send();
    });

    route(contract.twilioInbound, async (request, reply) => {
      const answer = await readOr400(() => messaging.replyWebhook(webhookRequest(request)));
      if (!answer) throw unsigned();
      return reply.status(200).type(answer.contentType).send(answer.body);
    });
  });
}
