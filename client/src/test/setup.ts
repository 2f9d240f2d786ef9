// Every client test renders with the app's i18next instance, in English unless it switches.
import { afterEach } from "vitest";
import { forgetLanguageChoice, i18n } from "../lib/i18n";

afterEach(async () => {
  forgetLanguageChoice();
  await i18n.changeLanguage("en");
});
