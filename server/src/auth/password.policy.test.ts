import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password.policy.js";

describe("password policy", () => {
  it("refuses short passwords with a clear message", () => {
    expect(passwordProblem("Xk3!q")).toBe("Use at least 10 characters.");
    expect(passwordProblem("a".repeat(257))).toMatch(/at most 256/);
  });

  it.each(["password123", "qwertyuiop", "iloveyou12", "1234567890", "P@ssw0rd2024"])(
    "refuses the known-common password %s",
    (pw) => {
      expect(passwordProblem(pw)).toMatch(/too easy to guess/);
    },
  );

  it("refuses a password built from the person's own email or name", () => {
    expect(passwordProblem("anagarcia2024", ["ana.garcia@example.org", "Ana Garcia"])).toMatch(
      /too easy to guess/,
    );
  });

  it("accepts a long passphrase of unrelated words", () => {
    expect(passwordProblem("violet tractor seven lantern")).toBeUndefined();
    expect(passwordProblem("Vq7#mZ2p!rT9")).toBeUndefined();
  });
});
