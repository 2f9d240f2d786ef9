import type { ClinicianStatus } from "@bedside/shared";
import { useState, type FormEvent } from "react";
import { useClinicStore } from "./clinic-store";

const labels: Record<ClinicianStatus["status"], string> = {
  available: "Available",
  in_visit: "In a visit",
  away: "Away",
  running_late: "Running late",
};

/** What waiting patients see about the clinician, set in one place and kept across reloads. */
export function StatusControl() {
  const status = useClinicStore((s) => s.status);
  const setStatus = useClinicStore((s) => s.setStatus);
  const [draft, setDraft] = useState<ClinicianStatus | undefined>();
  const [error, setError] = useState<string>();
  const current = draft ?? status;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    try {
      await setStatus(current);
      setDraft(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <form
      className="card status-control"
      onSubmit={(e) => void submit(e)}
      aria-label="Status shown to waiting patients"
    >
      <label className="field">
        <span>Your status</span>
        <select
          value={current.status}
          onChange={(e) => {
            const next = e.target.value as ClinicianStatus["status"];
            setDraft({
              status: next,
              lateMinutes: next === "running_late" ? (current.lateMinutes ?? 10) : null,
              message: current.message,
            });
          }}
        >
          {Object.entries(labels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {current.status === "running_late" && (
        <label className="field">
          <span>Minutes late</span>
          <input
            type="number"
            min={1}
            max={240}
            value={current.lateMinutes ?? 10}
            onChange={(e) => setDraft({ ...current, lateMinutes: Number(e.target.value) })}
          />
        </label>
      )}
      <label className="field grow">
        <span>Short message (optional)</span>
        <input
          maxLength={140}
          value={current.message ?? ""}
          onChange={(e) => setDraft({ ...current, message: e.target.value || null })}
        />
      </label>
      <button type="submit" className="button button--small" disabled={!draft}>
        Update
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
