import { useTranslation } from "react-i18next";
import { chooseLanguage, supportedLanguages } from "../lib/i18n";

/**
 * The visible language switch on every patient and interpreter screen: one button per
 * language, each named in its own language (and marked with it, so a screen reader says it
 * right); the current one is pressed.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch no-print" role="group" aria-label={t("language.label")}>
      {supportedLanguages.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="language-switch__option"
          aria-pressed={i18n.language === lng}
          onClick={() => chooseLanguage(lng)}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
