// Every client test renders with the app's i18next instance, in English unless it switches. Reset
// before each test as well as after: files share one module graph per worker (vitest.config.ts), and
// a file's last answers may still switch the language after its tests end.
import { afterEach, beforeEach } from "vitest";
import { forgetLanguageChoice, i18n } from "../lib/i18n";

async function english() {
  forgetLanguageChoice();
  await i18n.changeLanguage("en");
}
beforeEach(english);
afterEach(english);
