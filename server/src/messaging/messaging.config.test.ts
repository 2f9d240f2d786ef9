import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config.js";

const sid = `AC${"a1".repeat(16)}`;
const token = "0123456789abcdef0123456789abcdef";
const twilio = { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, TWILIO_FROM: "+15005550006" };

describe("text message configuration (TWILIO_*)", () => {
  it("is off with no TWILIO_* variable: texts are not set up, the server still starts", () => {
    expect(parseConfig({}).messaging).toEqual({ twilio: undefined });
  });

  it("takes an account, a token and a sender (a number or a Messaging Service)", () => {
    expect(parseConfig(twilio).messaging.twilio).toEqual({
      accountSid: sid,
      authToken: token,
      from: "+15005550006",
      apiBaseUrl: undefined,
    });
    const service = `MG${"b2".repeat(16)}`;
    expect(parseConfig({ ...twilio, TWILIO_FROM: service }).messaging.twilio?.from).toBe(service);
  });

  it("refuses a partial configuration, naming what is missing", () => {
    expect(() => parseConfig({ TWILIO_ACCOUNT_SID: sid })).toThrow(
      new ConfigError(
        "invalid configuration: text messages need TWILIO_AUTH_TOKEN, TWILIO_FROM as well (or none of the TWILIO_* variables)",
      ),
    );
    expect(() => parseConfig({ TWILIO_API_BASE_URL: "https://api.example.org" })).toThrow(
      /no Twilio account/,
    );
  });

  it("refuses a malformed SID or sender", () => {
    expect(() => parseConfig({ ...twilio, TWILIO_ACCOUNT_SID: "AC123" })).toThrow(/TWILIO_ACCOUNT_SID/);
    expect(() => parseConfig({ ...twilio, TWILIO_FROM: "5550006" })).toThrow(/TWILIO_FROM/);
  });

  it("sends the auth token over plain http only to loopback (a local stand-in)", () => {
    expect(
      parseConfig({ ...twilio, TWILIO_API_BASE_URL: "http://127.0.0.1:4010/" }).messaging.twilio?.apiBaseUrl,
    ).toBe("http://127.0.0.1:4010");
    expect(() => parseConfig({ ...twilio, TWILIO_API_BASE_URL: "http://twilio.example.org" })).toThrow(
      /TWILIO_API_BASE_URL must be https/,
    );
  });

  it("reads the auth token from TWILIO_AUTH_TOKEN_FILE, not from both", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "bedside-twilio-")), "token");
    writeFileSync(file, `${token}\n`);
    const { TWILIO_AUTH_TOKEN: _unused, ...rest } = twilio;
    expect(parseConfig({ ...rest, TWILIO_AUTH_TOKEN_FILE: file }).messaging.twilio?.authToken).toBe(token);
    expect(() => parseConfig({ ...twilio, TWILIO_AUTH_TOKEN_FILE: file })).toThrow(/not both/);
    expect(() => parseConfig({ ...rest, TWILIO_AUTH_TOKEN_FILE: `${file}.missing` })).toThrow(/ENOENT/);
  });
});
