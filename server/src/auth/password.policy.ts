// Which new passwords Bedside accepts: long enough, and not guessable from the dictionaries of
// common and breached passwords, names and words that zxcvbn-ts ships inside its packages (no
// network at run time). Built once, on first use: the dictionaries take a moment to load.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's score (0–4): 3 is "safely unguessable" against an offline attack on a slow hash. */
const MIN_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;

/** Why a password is refused, in words for the person choosing it; undefined when it is accepted. */
export function passwordProblem(password: string, personal: string[] = []): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  });
  // The person's own email and name make a password easier to guess for someone who knows them.
  const inputs = personal
    .flatMap((p) => [p, p.split("@")[0] ?? "", ...p.split(/[@.\s_-]+/)])
    .flatMap((p) => [p, p.replace(/[^\p{L}\p{N}]/gu, "")])
    .map((p) => p.toLowerCase())
    .filter((p) => p.length >= 3);
  const result = zxcvbn.check(password, inputs);
  if (result.score < MIN_SCORE) {
    return "This password is too easy to guess: it is a commonly used or breached password, or close to one (or to your name or email). Try a few unrelated words.";
  }
  return undefined;
}
