import { apiErrorSchema, type RouteContract } from "@bedside/shared";
import { z } from "zod";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's finer reason, when it gives one ("revoked", "expired", "ended", "too_early"). */
    readonly reason?: string,
    /**
     * The server's whole error object, for a screen that parses more from it with its own schema
     * (a booked visit's link that opens later says when: `linkWindowErrorSchema`).
     */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** A 204 (or 202) answer has no body: the caller reads it as `undefined`. */
export const noContent = z.undefined();

const errorBody = z.object({ error: z.unknown() });

/** A non-2xx answer as an ApiError with the server's words, whatever its body turned out to be. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const raw = errorBody.safeParse(body).data?.error;
  const parsed = apiErrorSchema.safeParse(raw);
  return parsed.success
    ? new ApiError(status, parsed.data.code, parsed.data.message, parsed.data.reason, raw)
    : new ApiError(status, "internal", `The server answered ${status}.`);
}

/** A 2xx answer its schema refused: the page and the server are out of step. */
export const invalidResponse = (status: number) =>
  new ApiError(
    status,
    "invalid_response",
    "Bedside answered in a way this page does not understand. Please reload the page.",
  );

/**
 * JSON over fetch with the session cookie. The body is parsed with `schema` (from `@bedside/shared`)
 * before anyone reads it: a server and a page out of step (a deploy half done, a cached page) give
 * an ApiError with code "invalid_response" that the screen shows like any other failure, never a
 * crash deep in a component. Non-2xx answers become an ApiError with the server's message.
 * `bearer` sends a guest's participant secret in the Authorization header (never in the URL).
 */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; bearer?: string; signal?: AbortSignal } = {},
): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      credentials: "same-origin",
      headers: {
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}),
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (err) {
    // A query cancelled by TanStack Query (the page left) is not a network failure.
    if (init.signal?.aborted) throw err;
    throw new ApiError(
      0,
      "network",
      "We could not reach Bedside. Check your internet connection and try again.",
    );
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw apiErrorFrom(res.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // The path and the first problem, for whoever reads the console; the person gets plain words.
    console.error(`Unexpected answer from ${path}:`, parsed.error.issues[0]);
    throw invalidResponse(res.status);
  }
  return parsed.data;
}

type In<S> = S extends z.ZodType ? z.input<S> : never;

/** A contract route's path with its parameters filled in (for a link, an image or a download). */
export function pathOf<C extends RouteContract>(route: C, params?: In<C["params"]>): string {
  const values = (params ?? {}) as Record<string, unknown>;
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(values[name])));
}
type Answer<C extends RouteContract> = C["response"] extends z.ZodType ? z.output<C["response"]> : undefined;

/**
 * A route of the shared contract (`contract.x` from `@bedside/shared`), called with its method, its
 * path filled in from `params`, and its answer parsed by the contract's response schema (a route
 * without one answers no body): the URL, the body's type and the answer's schema come from the one
 * place the server registers the route from.
 */
export function call<C extends RouteContract>(
  route: C,
  init: {
    params?: In<C["params"]>;
    query?: Record<string, string>;
    body?: In<C["body"]>;
    bearer?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Answer<C>> {
  const path = pathOf(route, init.params);
  const qs = init.query ? new URLSearchParams(init.query).toString() : "";
  // The entry's own schema (or none: no body), named by the type its answer parses to.
  const schema = (route.response ?? noContent) as z.ZodType<Answer<C>>;
  return api(qs ? `${path}?${qs}` : path, schema, {
    method: route.method,
    ...(init.body === undefined ? {} : { body: init.body }),
    ...(init.bearer ? { bearer: init.bearer } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}
