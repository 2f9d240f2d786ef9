import type { Clinician } from "@bedside/shared";
import { useQueueStore, type LinkState } from "./queue-store";
import { useQueue } from "./use-queue";

const linkText: Record<LinkState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  failed: "Not connected",
};

export function QueuePage({ clinician, onSignOut }: { clinician: Clinician; onSignOut: () => void }) {
  useQueue();
  const { link, entries, error } = useQueueStore();

  return (
    <>
      <header className="topbar">
        <span className="brand">Bedside</span>
        <span className="topbar__who">{clinician.displayName}</span>
        <button className="button button--quiet" type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="page">
        <div className="row row--between">
          <h1>Waiting room</h1>
          <span className={`pill pill--${link}`} role="status">
            {linkText[link]}
          </span>
        </div>
        {error && link === "failed" && <p className="error">{error}</p>}
        <section aria-labelledby="queue-heading" className="card">
          <h2 id="queue-heading" className="visually-hidden">
            People waiting
          </h2>
          {entries.length === 0 ? (
            <p className="empty">
              No one is waiting right now. Patients appear here as soon as they check in.
            </p>
          ) : (
            <ul className="queue">
              {entries.map((e) => (
                <li key={e.participantId} className="queue__item">
                  <span className="queue__name">{e.displayName}</span>
                  <span className="muted">{e.role}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </>
  );
}
