// The training dialogues split in two halves by a stable hash of the dialogue's own id (issue 25,
// session 15): engine authors tune on half A and measure, before and after, on half B, which they
// never read, so a rule that only fits the wording they tuned on shows up as no gain on B.
// The id is the dataset's own one ("D2N001" for ACI-Bench, "279" for MTS-Dialog), with any
// prefix the tools add ("aci-train-", "mts-train-", "aci-train:") removed, so every tool puts a
// dialogue in the same half.
import { createHash } from "node:crypto";
import { z } from "zod";

export const halfSchema = z.enum(["A", "B"]);
export type Half = z.infer<typeof halfSchema>;

/** The dataset's own id: "aci-train-D2N001", "aci-train:D2N001" and "D2N001" are one dialogue. */
export function bareId(id: string): string {
  return id.replace(/^(?:aci|mts)-(?:train|valid|test)[-:]/, "");
}

/** Half A or B: the first byte of the SHA-256 of the bare id, even → A, odd → B. */
export function trainHalf(id: string): Half {
  const byte = createHash("sha256").update(bareId(id)).digest()[0] ?? 0;
  return byte % 2 === 0 ? "A" : "B";
}

/** `--half A|B` read at the boundary; undefined when not given, an error message when wrong. */
export function parseHalf(value: string | undefined): { half?: Half; error?: string } {
  if (value === undefined) return {};
  const parsed = halfSchema.safeParse(value.toUpperCase());
  return parsed.success ? { half: parsed.data } : { error: `--half must be A or B, not "${value}"` };
}
