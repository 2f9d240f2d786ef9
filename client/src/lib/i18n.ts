// One i18next instance for the app (react-i18next binds it to React). The visit's preferred
// language chooses; the person can switch (remembered in this browser); <html lang> follows;
// dates and times go through Intl in the current language.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "../locales/en";
import { es } from "../locales/es";

export const supportedLanguages = ["en", "es"] as const;
export type UiLanguage = (typeof supportedLanguages)[number];

export const resources = { en: { translation: en }, es: { translation: es } } as const;

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
  }
}

const CHOSEN_KEY = "bedside.language";
/** The language of the last visit opened in this browser: a link that no longer works still speaks it. */
const VISIT_KEY = "bedside.visit-language";

/** "es-MX" → "es"; anything we have no catalogue for → undefined. */
export function supportedLanguage(tag: string | null | undefined): UiLanguage | undefined {
  const base = tag?.toLowerCase().split("-")[0];
  return supportedLanguages.find((l) => l === base);
}

function stored(key: string): UiLanguage | undefined {
  try {
    return supportedLanguage(localStorage.getItem(key));
  } catch {
    return undefined;
  }
}
const chosenLanguage = () => stored(CHOSEN_KEY);

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: chosenLanguage() ?? stored(VISIT_KEY) ?? supportedLanguage(globalThis.navigator?.language) ?? "en",
  fallbackLng: "en",
  supportedLngs: [...supportedLanguages],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

function followHtmlLang(lng: string) {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
}
followHtmlLang(i18n.language);
i18n.on("languageChanged", followHtmlLang);

/**
 * The language a visit's screens open in: the person's own earlier choice in this browser,
 * else the visit's preferred language when we have it, else English.
 */
export function applyVisitLanguage(preferred: string | undefined): void {
  const visit = supportedLanguage(preferred) ?? "en";
  try {
    localStorage.setItem(VISIT_KEY, visit);
  } catch {
    // Private mode: this page only.
  }
  const lng = chosenLanguage() ?? visit;
  if (i18n.language !== lng) void i18n.changeLanguage(lng);
}

/** The person's own choice (the language switch): kept for the next screens in this browser. */
export function chooseLanguage(lng: UiLanguage): void {
  try {
    localStorage.setItem(CHOSEN_KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  void i18n.changeLanguage(lng);
}

/** Forgets the person's choice and the last visit's language (tests; a shared device). */
export function forgetLanguageChoice(): void {
  try {
    localStorage.removeItem(CHOSEN_KEY);
    localStorage.removeItem(VISIT_KEY);
  } catch {
    // nothing kept
  }
}

export const formatTime = (iso: string, lng: string = i18n.language): string =>
  new Intl.DateTimeFormat(lng, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));

export const formatDate = (iso: string, lng: string = i18n.language): string =>
  new Intl.DateTimeFormat(lng, { dateStyle: "long" }).format(new Date(iso));
