import { apiErrorSchema } from "@bedside/shared";

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

/**
 * JSON over fetch with the session cookie; non-2xx answers become an ApiError with the server's message.
 * `bearer` sends a guest's participant secret in the Authorization header (never in the URL).
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; bearer?: string } = {},
): Promise<T> {
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
    });
  } catch {
    throw new ApiError(
      0,
      "network",
      "We could not reach Bedside. Check your internet connection and try again.",
    );
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const raw = (body as { error?: unknown } | undefined)?.error;
    const parsed = apiErrorSchema.safeParse(raw);
    throw new ApiError(
      res.status,
      parsed.success ? parsed.data.code : "internal",
      parsed.success ? parsed.data.message : `The server answered ${res.status}.`,
      parsed.success ? parsed.data.reason : undefined,
      parsed.success ? raw : undefined,
    );
  }
  return body as T;
}
