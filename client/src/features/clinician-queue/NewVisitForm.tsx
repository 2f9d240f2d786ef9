import type { CreateVisitRequest } from "@bedside/shared";
import { useState, type FormEvent } from "react";
import { languages } from "./languages";

/**
 * The quarter hour under way, formatted for a datetime-local input: a visit made here is for now,
 * and rounding up crossed midnight at a quarter to twelve, so the visit just made was tomorrow's and
 * not in "Today's visits" (ci40, run at 23:52).
 */
function thisSlot(): string {
  const d = new Date(Math.floor(Date.now() / 900_000) * 900_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function NewVisitForm({ onCreate }: { onCreate: (input: CreateVisitRequest) => Promise<unknown> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      await onCreate({
        patientDisplayName: String(data.get("patientDisplayName")),
        preferredLanguage: String(data.get("preferredLanguage")),
        interpreterNeeded: data.get("interpreterNeeded") === "on",
        scheduledAt: new Date(String(data.get("scheduledAt"))).toISOString(),
      });
      form.reset();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Patient name</span>
        <input name="patientDisplayName" required maxLength={80} autoComplete="off" />
      </label>
      <div className="row">
        <label className="field grow">
          <span>Preferred language</span>
          <select name="preferredLanguage" defaultValue="en">
            {languages.map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field grow">
          <span>Time</span>
          <input name="scheduledAt" type="datetime-local" required defaultValue={thisSlot()} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" name="interpreterNeeded" />
        Interpreter needed
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button className="button button--primary" type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create visit and links"}
      </button>
    </form>
  );
}
