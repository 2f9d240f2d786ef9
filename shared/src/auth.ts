import { z } from "zod";

export const signInRequestSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const clinicianSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  displayName: z.string(),
});
export type Clinician = z.infer<typeof clinicianSchema>;
