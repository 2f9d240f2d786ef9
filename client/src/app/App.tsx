import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { preloadCallView } from "../features/call/LazyCallView";
import { useClinicStore } from "../features/clinician-queue/clinic-store";
import { QueuePage } from "../features/clinician-queue/QueuePage";
import { SecurityPage } from "../features/security/SecurityPage";
import { SignInPage } from "../features/sign-in/SignInPage";
import { useSessionStore } from "../features/sign-in/session-store";
import { SpeechLanguageSetting } from "../features/sign-in/SpeechLanguageSetting";
import { ClinicianCall } from "./ClinicianCall";
import { ClinicianPreview, ClinicianReview, PatientSummary } from "./FindingsRoutes";
import { GuestJourney } from "./GuestJourney";

function Loading() {
  return (
    <main className="page" aria-busy="true">
      <p className="muted">Loading…</p>
    </main>
  );
}

/** Clinician screens: signed in, with one live socket for the queue and calls. */
function Clinic({ children }: { children: (signOut: () => void) => ReactNode }) {
  const status = useSessionStore((s) => s.status);
  const clinician = useSessionStore((s) => s.clinician);
  const mfaSetupRequired = useSessionStore((s) => s.mfaSetupRequired);
  const signOut = useSessionStore((s) => s.signOut);
  const location = useLocation();
  const sessionEnded = useSessionStore((s) => s.sessionEnded);
  const connect = useClinicStore((s) => s.connect);
  const disconnect = useClinicStore((s) => s.disconnect);
  const endedByServer = useClinicStore((s) => s.sessionEnded);
  const navigate = useNavigate();
  useEffect(() => {
    // A session held until two-factor is set up has no socket (the server refuses it).
    if (status !== "signed-in" || mfaSetupRequired) return;
    connect();
    preloadCallView(); // a clinician is always one "Admit" away from a call
  }, [status, mfaSetupRequired, connect]);
  // The server refused this session (signed out in another tab, expired): back to sign-in.
  useEffect(() => {
    if (!endedByServer) return;
    disconnect();
    sessionEnded();
  }, [endedByServer, disconnect, sessionEnded]);
  if (status === "unknown") return <Loading />;
  if (!clinician) return <Navigate to="/sign-in" replace />;
  if (mfaSetupRequired && location.pathname !== "/clinic/security") {
    return <Navigate to="/clinic/security" replace />;
  }
  return children(() => {
    disconnect();
    void signOut().then(() => navigate("/sign-in"));
  });
}

function SecurityLink() {
  const { t } = useTranslation();
  return (
    <Link className="topbar__setting" to="/clinic/security">
      {t("security.title")}
    </Link>
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
  const clinician = useSessionStore((s) => s.clinician);
  const mfaSetupRequired = useSessionStore((s) => s.mfaSetupRequired);
  const twoFactorSetUp = useSessionStore((s) => s.twoFactorSetUp);
  const navigate = useNavigate();
  useEffect(() => void load(), [load]);

  return (
    <Routes>
      <Route path="/" element={<Navigate to="/clinic" replace />} />
      <Route path="/sign-in" element={<SignInPage onSignedIn={() => void navigate("/clinic")} />} />
      <Route
        path="/clinic"
        element={
          <Clinic>
            {(signOut) =>
              clinician && (
                <QueuePage
                  clinician={clinician}
                  onSignOut={signOut}
                  settings={
                    <>
                      <SpeechLanguageSetting />
                      <SecurityLink />
                    </>
                  }
                  onJoinCall={(visitId) => void navigate(`/clinic/visits/${visitId}/call`)}
                  onReview={(visitId) => void navigate(`/clinic/visits/${visitId}/review`)}
                />
              )
            }
          </Clinic>
        }
      />
      <Route
        path="/clinic/security"
        element={
          <Clinic>
            {(signOut) => (
              <SecurityPage
                setupRequired={mfaSetupRequired}
                isAdmin={clinician?.roles.includes("admin") ?? false}
                onSetUp={twoFactorSetUp}
                onSignedOutEverywhere={signOut}
                onBack={() => void navigate("/clinic")}
              />
            )}
          </Clinic>
        }
      />
      <Route path="/clinic/visits/:visitId/call" element={<Clinic>{() => <ClinicianCall />}</Clinic>} />
      <Route path="/clinic/visits/:visitId/review" element={<Clinic>{() => <ClinicianReview />}</Clinic>} />
      <Route path="/clinic/visits/:visitId/preview" element={<Clinic>{() => <ClinicianPreview />}</Clinic>} />
      <Route path="/join/:secret" element={<GuestJourney />} />
      <Route path="/visit/:secret/summary" element={<PatientSummary />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
