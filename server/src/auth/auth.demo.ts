import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { hashPassword, type PasswordCost } from "./password.js";
import type { ClinicianRepository } from "./clinician.repository.js";

export interface DemoCredentials {
  email: string;
  /** Unknown when the account predates the credentials file and no password was configured. */
  password: string | undefined;
}

/**
 * Creates the demo clinician (also the demo clinic's admin) on first start so a newcomer can try a visit at once.
 * The password is random per installation (unless given) and kept, readable
 * only by its owner, in the data folder so later starts can print it again.
 */
export async function seedDemoClinician(
  clinicians: ClinicianRepository,
  demo: { email: string; password?: string | undefined },
  dataDir: string,
  passwordCost: PasswordCost = "owasp",
): Promise<DemoCredentials> {
  const file = path.join(dataDir, "demo-credentials.json");
  const saved = await readFile(file, "utf8")
    .then((t) => JSON.parse(t) as DemoCredentials)
    .catch(() => undefined);
  const existing = await clinicians.findByEmail(demo.email);
  // The demo account manages the demo clinic too, unless someone else already does (an account
  // made before roles existed is a clinician only; it gains admin here, once).
  if (
    existing &&
    !existing.roles.includes("admin") &&
    !(await clinicians.hasActiveAdmin(existing.clinic_id))
  ) {
    await clinicians.setRoles(existing.id, [...existing.roles, "admin"]);
  }
  if (existing) {
    return { email: demo.email, password: saved?.email === demo.email ? saved.password : demo.password };
  }

  const password = demo.password ?? randomBytes(9).toString("base64url");
  await clinicians.create({
    email: demo.email,
    displayName: "Dr. Alex Rivera",
    passwordHash: await hashPassword(password, passwordCost),
    roles: ["clinician", "admin"],
  });
  const creds = { email: demo.email, password };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(creds, null, 2) + "\n", { mode: 0o600 });
  return creds;
}
