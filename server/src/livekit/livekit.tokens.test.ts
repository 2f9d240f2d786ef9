import { TokenVerifier } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import { mintAccessToken } from "./livekit.tokens.js";

const keys = { apiKey: "APIkey", apiSecret: "a-secret-of-at-least-thirty-two-characters" };
const sources = async (role: "clinician" | "patient" | "interpreter") => {
  const jwt = await mintAccessToken(keys, { identity: `id-${role}`, name: role, room: "visit-1", role });
  const claims = await new TokenVerifier(keys.apiKey, keys.apiSecret).verify(jwt);
  return claims.video?.canPublishSources;
};

describe("call tokens", () => {
  it("let the clinician share a screen, and guests only their camera and microphone", async () => {
    expect(await sources("clinician")).toEqual(["camera", "microphone", "screen_share"]);
    expect(await sources("patient")).toEqual(["camera", "microphone"]);
    expect(await sources("interpreter")).toEqual(["camera", "microphone"]);
  });
});
