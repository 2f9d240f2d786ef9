// Every HTTP route is registered from its entry in the shared contract (`contract` in
// @bedside/shared): its method and path, the zod schemas Fastify validates params, query and body
// with (fastify-type-provider-zod) before the handler runs, its documented answer, and its guard,
// picked from the entry's `access`. createApp refuses an /api route registered any other way.
import type { RouteAccess, RouteContract } from "@bedside/shared";
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  preHandlerAsyncHookHandler,
  RouteHandlerMethod,
} from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Guards } from "../access/access.guards.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The contract entry the route was registered from (every /api route has one). */
    contract?: string;
  }
}

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
type GuardSet = Pick<Guards, "session" | "staff" | "clinician" | "booking" | "role" | "guest" | "reader">;

/** The guard for each kind of caller; `undefined`: the route lets anyone through to its handler. */
function guardFor(access: RouteAccess, guards: Partial<GuardSet>): Hook | undefined {
  const pick = (): Hook | undefined => {
    switch (access) {
      case "public":
      case "signed":
      case "checkedIn":
        return undefined;
      case "session":
        return guards.session;
      case "staff":
        return guards.staff;
      case "clinician":
        return guards.clinician;
      case "booking":
        return guards.booking;
      case "admin":
        return guards.role?.("admin");
      case "clinicDesk":
        return guards.role?.("front_desk", "admin");
      case "clinicStaff":
        return guards.role?.("clinician", "front_desk", "admin");
      case "guest":
        return guards.guest;
      case "reader":
        return guards.reader;
    }
  };
  const guard = pick();
  const open = access === "public" || access === "signed" || access === "checkedIn";
  // A route whose callers need a guard is never registered without it.
  if (!guard && !open) throw new Error(`no guard given for a route of "${access}" callers`);
  return guard;
}

/** How each kind of caller proves who they are, for the OpenAPI document. */
const securityOf: Record<RouteAccess, string | undefined> = {
  public: undefined,
  signed: "signature",
  session: "session",
  staff: "session",
  clinician: "session",
  booking: "session",
  admin: "session",
  clinicDesk: "session",
  clinicStaff: "session",
  guest: "bearer",
  checkedIn: "bearer",
  reader: "bearer",
};

type In<S> = S extends z.ZodType ? z.output<S> : undefined;
/** The request a contract entry's handler receives: params, query and body already parsed by its schemas. */
export type ContractRequest<C extends RouteContract> = FastifyRequest<{
  Params: In<C["params"]>;
  Querystring: In<C["query"]>;
  Body: In<C["body"]>;
}>;

/** The route schema Fastify validates with and @fastify/swagger describes. */
function schemaOf(c: RouteContract): FastifySchema & Record<string, unknown> {
  const status = c.status ?? 200;
  const description = status === 204 ? "Done" : "Success";
  const security = securityOf[c.access];
  return {
    summary: c.summary,
    ...(security ? { security: [{ [security]: [] }] } : {}),
    ...(c.params ? { params: c.params } : {}),
    ...(c.query ? { querystring: c.query } : {}),
    ...(c.body ? { body: c.body } : {}),
    ...(c.upload ? { consumes: ["multipart/form-data"] } : {}),
    response: {
      [status]: c.response
        ? c.contentType
          ? { description, content: { [c.contentType]: { schema: c.response } } }
          : c.response
        : // No body (a 204, a 202): described as such, since swagger needs a schema per status.
          z.null().describe(description),
    },
  };
}

/**
 * The contract's validation and serialization on an app, and the 400 its refusals become
 * (http.errors.ts). Answers are not rewritten by their schemas: a zod object would drop any field
 * it does not name, and the client parses every answer with the same shared schema anyway
 * (client/src/lib/api.ts; server/test/responses.int.test.ts holds the two together).
 */
export function installContract(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

/**
 * `route(contract.x, handler)`: registers the entry's method and path on `app` with its schemas and
 * its guard (which runs before validation: a caller who may not call the route learns nothing from
 * a 400). `hooks` adds a route's own rate limits.
 */
export function routesOf(app: FastifyInstance, guards: Partial<GuardSet> = {}) {
  return function route<C extends RouteContract & { name: string }>(
    c: C,
    handler: (request: ContractRequest<C>, reply: FastifyReply) => unknown,
    hooks: { onRequest?: Hook | Hook[]; preValidation?: Hook } = {},
  ): void {
    const guard = guardFor(c.access, guards);
    const preValidation = [guard, hooks.preValidation].filter((h): h is Hook => h !== undefined);
    app.route({
      method: c.method,
      url: c.path,
      schema: schemaOf(c),
      config: { contract: c.name },
      ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
      ...(preValidation.length > 0 ? { preValidation: preValidation as preHandlerAsyncHookHandler[] } : {}),
      handler: handler as RouteHandlerMethod,
    });
  };
}

/**
 * Every route `app` registers (method and URL pattern), from Fastify's onRoute hook; an /api route
 * not registered from a contract entry stops the app at start.
 */
export function collectRoutes(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/") && route.method !== "HEAD" && !route.config?.contract) {
      throw new Error(`${String(route.method)} ${route.url} is not registered from the route contract`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  return routes;
}
