import { describe, expect, it } from "vitest";
import { careItems, careScore, submitFeedbackRequestSchema } from "./findings.js";

describe("CARE measure", () => {
  it("has the ten published items", () => {
    expect(careItems).toHaveLength(10);
    expect(careItems[2].title).toBe("Really listening");
  });

  it("sums ten answers to 10–50", () => {
    expect(careScore(Array(10).fill(5))).toBe(50);
    expect(careScore(Array(10).fill(1))).toBe(10);
  });

  it("replaces up to two 'does not apply' by the mean of the rest, and scores nothing beyond that", () => {
    expect(careScore([4, 4, 4, 4, 4, 4, 4, 4, null, null])).toBe(40);
    expect(careScore([5, 4, 5, null, 4, 5, 5, 4, null, 5])).toBe(46.3);
    expect(careScore([5, 5, 5, 5, 5, 5, 5, null, null, null])).toBeNull();
    expect(careScore([5, 5, 5])).toBeNull();
  });

  it("accepts 1–5 or null for exactly ten items", () => {
    expect(submitFeedbackRequestSchema.safeParse({ care: Array(10).fill(null) }).success).toBe(true);
    expect(submitFeedbackRequestSchema.safeParse({ care: Array(9).fill(3) }).success).toBe(false);
    expect(submitFeedbackRequestSchema.safeParse({ care: [...Array(9).fill(3), 0] }).success).toBe(false);
    expect(submitFeedbackRequestSchema.safeParse({ care: [...Array(9).fill(3), 2.5] }).success).toBe(false);
    expect(submitFeedbackRequestSchema.safeParse({ care: Array(10).fill(3), extra: 1 }).success).toBe(false);
  });
});
