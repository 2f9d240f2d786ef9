// What the browser benches share: the demo clinician signs in, makes a visit and opens its call;
// the patient's link comes back for the bench to open in its own browser.
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../stack";

export async function clinicianStartsCall(clinician: Page): Promise<string> {
  await clinician.goto("/sign-in");
  await clinician.getByLabel("Email").fill("rivera@bedside.local");
  await clinician.getByLabel("Password").fill(DEMO_PASSWORD);
  await clinician.getByRole("button", { name: "Sign in" }).click();
  await clinician.getByLabel("Patient name").fill("Bench Patient");
  await clinician.getByRole("button", { name: "Create visit and links" }).click();
  const patientLink = await clinician
    .getByRole("region", { name: "Links for Bench Patient" })
    .getByLabel("Patient link")
    .inputValue();
  await clinician.getByRole("button", { name: "Start call" }).click();
  await clinician.waitForURL(/\/call$/);
  return patientLink;
}
