// @ts-check
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
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
    "Only the scribe agent (server/src/scribe/worker/scribe.agent.ts) and the speech fixtures (server/tools/scribe/scribe.fixtures.ts) use rtc-node.",
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

// server/src's folders, in the direction they may import (../shared/DESIGN.md convention 10):
// shared contracts ← access ← infrastructure ← socket ← domains ← the entries that compose them.
// A layer imports only layers left of it (and infrastructure its own kind). Domains are ranked:
// a domain imports only domains ranked before it, so no two folders import each other.
const serverInfra = ["http", "db", "mail", "livekit", "retry"];
const serverDomains = [
  "audit",
  "transcripts",
  "messaging",
  "schedule",
  "visits",
  "attachments",
  "findings",
  "notes",
  "insights",
  "presence",
  "chat",
  "scribe",
  "auth",
  "retention",
  "health",
];
const folder = (name) => ({ type: name, pattern: `server/src/${name}` });
/** @param {string} from @param {string[]} to */
const mayImport = (from, to) => ({
  from: { element: { type: from } },
  allow: { to: { element: { types: { anyOf: to } } } },
});
export const serverBoundaries = {
  files: ["server/src/**/*.ts"],
  ignores: ["server/src/**/*.test.ts"],
  plugins: { boundaries },
  settings: {
    "import/resolver": { typescript: { project: "server/tsconfig.json" } },
    "boundaries/elements": [
      // The speech-to-text engines belong to the scribe domain (its configuration names them); the
      // rest of scribe/worker/ is the worker process's wing, beside the entries.
      { type: "scribe", pattern: "server/src/scribe/worker/stt" },
      { type: "scribe-worker", pattern: "server/src/scribe/worker" },
      folder("access"),
      ...serverInfra.map(folder),
      folder("socket"),
      ...serverDomains.map(folder),
      // The composition root, the process entries and the configuration they read (which takes
      // each domain's environment schema).
      { type: "entry", pattern: "server/src" },
    ],
  },
  rules: {
    "boundaries/dependencies": [
      "error",
      {
        default: "disallow",
        message:
          "Folders import one way: shared ← access ← infrastructure ← socket ← domains (by rank) ← entries and the scribe worker. See eslint.config.js.",
        policies: [
          mayImport("access", ["access"]),
          ...serverInfra.map((infra) => mayImport(infra, ["access", ...serverInfra])),
          // The LiveKit wrapper reads its part of the configuration (type only).
          mayImport("livekit", ["entry"]),
          mayImport("socket", ["access", "socket", ...serverInfra]),
          ...serverDomains.map((domain, rank) =>
            mayImport(domain, ["access", ...serverInfra, "socket", ...serverDomains.slice(0, rank + 1)]),
          ),
          mayImport("scribe-worker", [
            "access",
            ...serverInfra,
            "socket",
            ...serverDomains,
            "entry",
            "scribe-worker",
          ]),
          mayImport("entry", [
            "access",
            ...serverInfra,
            "socket",
            ...serverDomains,
            "entry",
            "scribe-worker",
          ]),
        ],
      },
    ],
  },
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
      globals: {
        console: "readonly",
        process: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        AbortSignal: "readonly",
      },
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
    // Types are not validation (convention 3): an answer's type comes from the zod schema api() parses
    // it with, never from a type argument or a cast of what came back.
    files: ["client/src/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='api'][typeArguments]",
          message: "Pass api() the response's zod schema from @bedside/shared instead of a type argument.",
        },
        {
          selector:
            "TSAsExpression > CallExpression[callee.name='api'], TSAsExpression > AwaitExpression > CallExpression[callee.name='api']",
          message: "Do not cast what api() returns: give it the response's zod schema.",
        },
        {
          selector:
            "TSAsExpression > CallExpression[callee.property.name='json'], TSAsExpression > AwaitExpression > CallExpression[callee.property.name='json']",
          message: "Do not cast a response body: parse it with its zod schema (api() does).",
        },
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

  serverBoundaries,

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
    files: ["server/src/scribe/worker/scribe.agent.ts"],
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
