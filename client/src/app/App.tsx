import { useEffect } from "react";
import { Navigate, Route, Routes, useNavigate } from "react-router";
import { QueuePage } from "../features/clinician-queue/QueuePage";
import { SignInPage } from "../features/sign-in/SignInPage";
import { useSessionStore } from "../features/sign-in/session-store";

function Loading() {
  return (
    <main className="page" aria-busy="true">
      <p className="muted">Loading…</p>
    </main>
  );
}

function ClinicRoute() {
  const { status, clinician, signOut } = useSessionStore();
  const navigate = useNavigate();
  if (status === "unknown") return <Loading />;
  if (!clinician) return <Navigate to="/sign-in" replace />;
  return (
    <QueuePage clinician={clinician} onSignOut={() => void signOut().then(() => navigate("/sign-in"))} />
  );
}

function NotFound() {
  return (
    <main className="page page--narrow">
      <h1>We could not find that page</h1>
      <p>If you were sent a link for a visit, please open it again from the message you received.</p>
    </main>
  );
}

export function App() {
  const load = useSessionStore((s) => s.load);
  const navigate = useNavigate();
  useEffect(() => void load(), [load]);

  return (
    <Routes>
      <Route path="/" element={<Navigate to="/clinic" replace />} />
      <Route path="/sign-in" element={<SignInPage onSignedIn={() => void navigate("/clinic")} />} />
      <Route path="/clinic" element={<ClinicRoute />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
