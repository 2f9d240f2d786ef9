// The folder direction of ../../eslint.config.js (serverBoundaries) is what `pnpm lint` enforces:
// these lint real files of server/src with one import added, through that very config object, and
// a deliberate import against the direction must fail while the files as they are pass.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ESLint as ESLintType, Linter } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("server folder boundaries (eslint-plugin-boundaries in pnpm lint)", () => {
  let eslint: ESLintType;
  let config: Linter.Config[];
  let serverBoundaries: Linter.Config;

  beforeAll(async () => {
    const configUrl = pathToFileURL(path.join(root, "eslint.config.js")).href;
    ({ default: config, serverBoundaries } = (await import(configUrl)) as {
      default: Linter.Config[];
      serverBoundaries: Linter.Config;
    });
    // The TypeScript parser the lint config already uses; type information is not needed here.
    const parser = config.find((c) => c.languageOptions?.parser)?.languageOptions?.parser;
    const { ESLint } = await import("eslint");
    eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser } }, serverBoundaries],
    });
  });

  /** The boundary errors for `file` (under server/src) with `addedImport` added to its text. */
  async function boundaryErrors(file: string, addedImport = "") {
    const filePath = path.join(root, "server/src", file);
    const text = `${readFileSync(filePath, "utf8")}\n${addedImport}\n`;
    const [result] = await eslint.lintText(text, { filePath });
    return result!.messages.filter((m) => m.ruleId === "boundaries/dependencies");
  }

  it("is part of the config pnpm lint runs", () => {
    expect(config).toContain(serverBoundaries);
  });

  it("passes the folders as they are, and an import that follows the direction", async () => {
    expect(await boundaryErrors("access/access.resolver.ts")).toEqual([]);
    expect(await boundaryErrors("audit/audit.service.ts")).toEqual([]);
    expect(await boundaryErrors("socket/socket.auth.ts")).toEqual([]);
    // visits is ranked after audit: it may use audit.
    expect(
      await boundaryErrors(
        "visits/visit.routes.ts",
        'export { type Auditor } from "../audit/audit.service.js";',
      ),
    ).toEqual([]);
  });

  it("fails access importing a domain", async () => {
    const errors = await boundaryErrors(
      "access/access.resolver.ts",
      'export { createVisitService } from "../visits/visit.service.js";',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("Folders import one way");
  });

  it("fails a domain importing a domain ranked after it (the two would import each other)", async () => {
    const errors = await boundaryErrors(
      "audit/audit.service.ts",
      'export { type VisitAccess } from "../visits/visit.access.js";',
    );
    expect(errors).toHaveLength(1);
  });

  it("fails the socket layer importing the composition root", async () => {
    const errors = await boundaryErrors("socket/socket.auth.ts", 'export { createApp } from "../app.js";');
    expect(errors).toHaveLength(1);
  });
});
