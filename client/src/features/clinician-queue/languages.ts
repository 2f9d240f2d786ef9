/** The languages a visit can be held in, as the clinician reads them. */
export const languages = [
  ["en", "English"],
  ["es", "Spanish"],
  ["fr", "French"],
  ["pt", "Portuguese"],
  ["zh", "Chinese"],
  ["ar", "Arabic"],
  ["vi", "Vietnamese"],
] as const;

/** "es" → "Spanish"; a code not listed here is shown as it is. */
export const languageName = (code: string): string => languages.find(([c]) => c === code)?.[1] ?? code;
