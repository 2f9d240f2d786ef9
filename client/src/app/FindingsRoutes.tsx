import { useNavigate, useParams } from "react-router";
import { AfterVisitPage } from "../features/after-visit/AfterVisitPage";
import { VisitReviewPage } from "../features/visit-review/VisitReviewPage";

/** /clinic/visits/:visitId/review — the clinician's review of one visit's findings. */
export function ClinicianReview() {
  const { visitId = "" } = useParams();
  const navigate = useNavigate();
  return <VisitReviewPage visitId={visitId} onBack={() => void navigate("/clinic")} />;
}

/**
 * /visit/:secret/summary — the patient's summary from the same secret as their /join link,
 * so the message the clinic sent keeps working after the visit (see AFTER_VISIT_DAYS).
 */
export function PatientSummary() {
  const { secret = "" } = useParams();
  return <AfterVisitPage participantToken={secret} />;
}
