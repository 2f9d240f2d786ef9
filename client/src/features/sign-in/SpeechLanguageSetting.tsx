import { useSessionStore } from "./session-store";

/** Languages clinicians most often hold visits in; Whisper's multilingual model hears each. */
const LANGUAGES = ["en", "es", "fr", "pt", "zh", "vi", "ar", "ru"] as const;

/** Autonyms ("Español"), so a clinician finds their language whatever the page's language. */
const nameOf = (code: string) => new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;

/** The language the scribe transcribes the clinician's voice in: their own setting, kept on the server. */
export function SpeechLanguageSetting() {
  const language = useSessionStore((s) => s.clinician?.speechLanguage ?? "en");
  const setSpeechLanguage = useSessionStore((s) => s.setSpeechLanguage);
  const error = useSessionStore((s) => s.error);
  const options = LANGUAGES.includes(language as (typeof LANGUAGES)[number])
    ? LANGUAGES
    : [language, ...LANGUAGES];
  return (
    <>
      <label className="topbar__setting">
        <span>I speak in visits</span>
        <select value={language} onChange={(e) => void setSpeechLanguage(e.target.value)}>
          {options.map((code) => (
            <option key={code} value={code}>
              {nameOf(code)}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
