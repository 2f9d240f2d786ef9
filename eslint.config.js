// @ts-check
import js from "@eslint/js";
import checkFile from "eslint-plugin-check-file";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// The boundaries of ../shared/DESIGN.md (conventions 1, 5, 6, 7, 10), enforced. no-restricted-imports
// takes its options from the last config object that matches a file, so each area below states
// its whole list.
const onlyThroughWrapper = {
  "socket.io-client": "Use the one socket wrapper, client/src/lib/socket.ts.",
  "livekit-client":
    "Use the LiveKit wrapper, client/src/lib/livekit.ts (or @livekit/components-react hooks).",
  "@livekit/rtc-node":
    "Only the scribe agent (server/src/scribe/scribe.agent.ts) and the speech fixtures (server/tools/scribe/scribe.fixtures.ts) use rtc-node.",
  "livekit-server-sdk": "Use the LiveKit wrapper in server/src/livekit/.",
  "@livekit/track-processors":
    "Use createBackgroundBlur in client/src/lib/livekit.ts (it loads the package only when blur is turned on).",
  twilio:
    "Texts go through the SmsProvider seam: only server/src/messaging/twilio.provider.ts imports the Twilio SDK.",
};
/** @param {Array<keyof typeof onlyThroughWrapper>} names */
const wrapped = (names) => names.map((name) => ({ name, message: onlyThroughWrapper[name] }));

const otherFeature = {
  regex: String.raw`^\.\./(?!\.\./)|(^|/)features/`,
  message: "Features never import each other: app/ composes them and passes what they need.",
};
const otherDomainsRepository = {
  regex: String.raw`^\.\./[a-z-]+/[a-z-]+\.repository(\.js)?$`,
  message:
    "A server domain touches only its own repositories: reach another domain through its service (wired in app.ts).",
};
const notZod = {
  // libphonenumber-js: pure parsing (no I/O), so a phone number is validated alike on both sides.
  regex: String.raw`^(?!zod$|libphonenumber-js$|\.)`,
  message:
    "shared/ is contracts only: it may import zod (and libphonenumber-js for phone numbers) and nothing else.",
};

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      ".tools/**",
      ".data/**",
      "e2e/test-results/**",
      "e2e/artifacts/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["vitest.config.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["client/**/*.tsx", "client/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: {
      globals: { console: "readonly", process: "readonly", fetch: "readonly", setTimeout: "readonly" },
    },
  },

  // No import cycles in any package's source.
  {
    files: ["{client,server,shared}/src/**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      // Without a TypeScript parser for the files it follows, no-cycle cannot read them and sees no cycle.
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/extensions": [".ts", ".tsx", ".js"],
      "import-x/resolver-next": [
        createTypeScriptImportResolver({
          project: ["client/tsconfig.json", "server/tsconfig.json", "shared/tsconfig.json"],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },

  // File and folder names: kebab-case (dotted roles allowed: visit.repository.ts); React components PascalCase.
  {
    files: ["{client,server,shared,e2e}/**/*.{ts,tsx}"],
    plugins: { "check-file": checkFile },
    rules: {
      "check-file/filename-naming-convention": [
        "error",
        { "**/*.ts": "KEBAB_CASE", "**/*.tsx": "PASCAL_CASE" },
        { ignoreMiddleExtensions: true },
      ],
      "check-file/folder-naming-convention": ["error", { "{client,server,shared,e2e}/**/": "KEBAB_CASE" }],
    },
  },
  {
    // The entry point keeps Vite's conventional name.
    files: ["client/src/main.tsx"],
    rules: { "check-file/filename-naming-convention": "off" },
  },
  {
    // Migrations are applied in the order of their numbered names.
    files: ["server/src/db/migrations/*.ts"],
    rules: {
      "check-file/filename-naming-convention": ["error", { "**/*.ts": "[0-9][0-9][0-9][0-9]-+([a-z-])" }],
    },
  },

  // shared/: contracts only.
  {
    files: ["shared/src/**/*.ts"],
    ignores: ["shared/src/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [notZod] }] },
  },

  // client/: external clients through their wrappers; features never import each other.
  {
    files: ["client/src/**/*.{ts,tsx}"],
    ignores: ["client/src/lib/socket.ts", "client/src/lib/livekit.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: wrapped(["socket.io-client", "livekit-client", "@livekit/track-processors"]) },
      ],
    },
  },
  {
    files: ["client/src/features/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: wrapped(["socket.io-client", "livekit-client", "@livekit/track-processors"]),
          patterns: [otherFeature],
        },
      ],
    },
  },

  // server/: a domain never imports another domain's repository; LiveKit SDKs through their wrappers.
  // app.ts is the composition root; tests may set up state through any repository.
  {
    files: ["server/src/**/*.ts"],
    ignores: ["server/src/app.ts", "server/src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: wrapped([
            "@livekit/rtc-node",
            "livekit-server-sdk",
            "socket.io-client",
            "livekit-client",
            "twilio",
          ]),
          patterns: [otherDomainsRepository],
        },
      ],
    },
  },
  {
    files: ["server/src/messaging/twilio.provider.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: wrapped(["@livekit/rtc-node", "livekit-server-sdk", "socket.io-client", "livekit-client"]),
          patterns: [otherDomainsRepository],
        },
      ],
    },
  },
  {
    files: ["server/src/livekit/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: wrapped(["@livekit/rtc-node", "socket.io-client", "twilio"]),
          patterns: [otherDomainsRepository],
        },
      ],
    },
  },
  {
    // The scribe agent is rtc-node's wrapper.
    files: ["server/src/scribe/scribe.agent.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: wrapped(["livekit-server-sdk", "socket.io-client", "twilio"]),
          patterns: [otherDomainsRepository],
        },
      ],
    },
  },

  // server/tools, bench and test (outside the runtime build): the server's LiveKit SDK through its
  // wrapper; they play the clients, so socket.io-client is theirs.
  {
    files: ["server/{tools,bench,test}/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: wrapped(["@livekit/rtc-node", "livekit-server-sdk", "livekit-client"]) },
      ],
    },
  },
  {
    // Evaluation tooling that is itself an rtc-node client: the fixtures publish test speech as
    // participants; the transcriber resamples audio files as the agent does.
    files: ["server/tools/scribe/scribe.fixtures.ts", "server/tools/transcribe.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: wrapped(["livekit-server-sdk", "livekit-client"]) }],
    },
  },
);
