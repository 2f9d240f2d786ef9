import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useParams } from "react-router";
import {
  ChangePassword,
  ForgotPasswordPage,
  InvitationPage,
  ResetPasswordPage,
  SetupPage,
} from "../features/accounts/AccountPages";
import { PeoplePage } from "../features/clinic-admin/PeoplePage";
import { preloadCallView } from "../features/call/LazyCallView";
import { clinicSocket, useClinicStore } from "../features/clinician-queue/clinic-store";
import { DeskPage } from "../features/front-desk/DeskPage";
import { useDeskStore } from "../features/front-desk/desk-store";
import { ChatPanel } from "../features/chat/ChatPanel";
import { QueuePage } from "../features/clinician-queue/QueuePage";
import { BookingForm } from "../features/schedule/BookingForm";
import { TodaySchedule } from "../features/schedule/TodaySchedule";
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
  // Front desk only (neither clinician nor admin): the clinic's waiting room is their screen (their
  // Security screen stays here).
  if (clinician.roles.every((r) => r === "front_desk") && location.pathname !== "/clinic/security")
    return <Navigate to="/desk" replace />;
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

/** The front desk's screen: signed in with the front-desk role, one live socket for the clinic. */
function FrontDesk() {
  const status = useSessionStore((s) => s.status);
  const clinician = useSessionStore((s) => s.clinician);
  const signOut = useSessionStore((s) => s.signOut);
  const mfaSetupRequired = useSessionStore((s) => s.mfaSetupRequired);
  const disconnect = useDeskStore((s) => s.disconnect);
  const clinicians = useDeskStore((s) => s.snapshot?.clinicians);
  const navigate = useNavigate();
  const { t } = useTranslation();
  if (status === "unknown") return <Loading />;
  if (!clinician) return <Navigate to="/sign-in" replace />;
  if (!clinician.roles.includes("front_desk")) return <Navigate to="/clinic" replace />;
  // Held until two-factor is set up (the clinic requires it): no desk socket, only the Security screen.
  if (mfaSetupRequired) return <Navigate to="/clinic/security" replace />;
  return (
    <DeskPage
      booking={clinicians && <BookingForm clinicians={clinicians} />}
      schedule={<TodaySchedule scope="clinic" />}
      header={
        <p className="row">
          <span>{clinician.displayName}</span>
          <SecurityLink />
          {/* An admin who is also the front desk lands here: People stays one click away. */}
          {clinician.roles.includes("admin") && <Link to="/clinic/people">{t("people.title")}</Link>}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              disconnect();
              void signOut().then(() => navigate("/sign-in"));
            }}
          >
            {t("desk.signOut")}
          </button>
        </p>
      }
    />
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

/** The link's secret from the path (`/setup/:token`), for the account pages. */
function WithToken({ children }: { children: (token: string) => ReactNode }) {
  const { token } = useParams();
  return children(token ?? "");
}

/** Signed in by an account page (setup, invitation): load the session, then to the person's home. */
function useSignedInHome() {
  const load = useSessionStore((s) => s.load);
  const navigate = useNavigate();
  return () => void load().then(() => navigate(homeOf(useSessionStore.getState().clinician?.roles)));
}

/**
 * Where a person lands: clinicians at their queue, the front desk (not a clinician) at the
 * clinic's waiting room, admins who are neither at People.
 */
const homeOf = (roles: readonly string[] | undefined) => {
  if (!roles || roles.includes("clinician")) return "/clinic";
  if (roles.includes("front_desk")) return "/desk";
  return roles.includes("admin") ? "/clinic/people" : "/clinic";
};

export function App() {
  const load = useSessionStore((s) => s.load);
  const clinician = useSessionStore((s) => s.clinician);
  const mfaSetupRequired = useSessionStore((s) => s.mfaSetupRequired);
  const twoFactorSetUp = useSessionStore((s) => s.twoFactorSetUp);
  const navigate = useNavigate();
  const signedInHome = useSignedInHome();
  const { t } = useTranslation();
  useEffect(() => void load(), [load]);

  return (
    <Routes>
      <Route path="/" element={<Navigate to="/clinic" replace />} />
      <Route
        path="/sign-in"
        element={
          <SignInPage onSignedIn={() => void navigate(homeOf(useSessionStore.getState().clinician?.roles))} />
        }
      />
      <Route
        path="/setup/:token"
        element={<WithToken>{(token) => <SetupPage token={token} onDone={signedInHome} />}</WithToken>}
      />
      <Route
        path="/invitation/:token"
        element={<WithToken>{(token) => <InvitationPage token={token} onDone={signedInHome} />}</WithToken>}
      />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route
        path="/reset-password/:token"
        element={<WithToken>{(token) => <ResetPasswordPage token={token} />}</WithToken>}
      />
      <Route
        path="/clinic/people"
        element={
          <Clinic>
            {(signOut) =>
              clinician?.roles.includes("admin") ? (
                <PeoplePage
                  onSignOut={signOut}
                  extra={
                    <>
                      <SecurityLink />
                      <ChangePassword />
                    </>
                  }
                />
              ) : (
                <Navigate to="/clinic" replace />
              )
            }
          </Clinic>
        }
      />
      <Route
        path="/clinic"
        element={
          <Clinic>
            {(signOut) =>
              clinician &&
              (homeOf(clinician.roles) !== "/clinic" ? (
                <Navigate to={homeOf(clinician.roles)} replace />
              ) : (
                <QueuePage
                  clinician={clinician}
                  onSignOut={signOut}
                  settings={
                    <>
                      <SpeechLanguageSetting />
                      <SecurityLink />
                      <ChangePassword />
                      {clinician.roles.includes("admin") && (
                        <Link to="/clinic/people">{t("people.title")}</Link>
                      )}
                    </>
                  }
                  booking={<BookingForm />}
                  schedule={<TodaySchedule scope="mine" />}
                  chatWith={(visitId, name) => (
                    <ChatPanel
                      socket={clinicSocket()}
                      visitId={visitId}
                      collapsible
                      guestsUnread
                      with={name}
                    />
                  )}
                  onJoinCall={(visitId) => void navigate(`/clinic/visits/${visitId}/call`)}
                  onReview={(visitId) => void navigate(`/clinic/visits/${visitId}/review`)}
                />
              ))
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
      <Route path="/desk" element={<FrontDesk />} />
      <Route path="/join/:secret" element={<GuestJourney />} />
      <Route path="/visit/:secret/summary" element={<PatientSummary />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
