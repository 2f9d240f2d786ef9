import type { TFunction } from "i18next";
import { ApiError } from "./api";

/**
 * A failure in the person's language, by the error's code (the server's own words are
 * English). Guest screens use this; anything without a known code is "something went wrong".
 */
export function errorText(t: TFunction, err: unknown): string {
  const code = err instanceof ApiError ? err.code : "internal";
  // A booked visit's link outside its window (issue 28), whatever the status code carried it.
  if (err instanceof ApiError && err.reason === "cancelled") return t("errors.visitCancelled");
  if (err instanceof ApiError && err.reason === "too_early") return t("errors.tooEarly");
  if (code === "gone" && err instanceof ApiError) {
    if (err.reason === "revoked") return t("errors.linkRevoked");
    if (err.reason === "expired") return t("errors.linkExpired");
    if (err.reason === "ended") return t("errors.visitEnded");
  }
  switch (code) {
    case "not_found":
      return t("errors.linkUnknown");
    case "gone":
    case "unauthorized":
    case "forbidden":
      return t("errors.linkGone");
    case "network":
      return t("errors.network");
    case "rate_limited":
      return t("errors.rateLimited");
    case "unavailable":
      return t("errors.unavailable");
    default:
      return t("errors.generic");
  }
}
