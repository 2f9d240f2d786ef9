import { useNavigate, useParams } from "react-router";
import { AfterVisitPage } from "../features/after-visit/AfterVisitPage";
import { SummaryPreviewPage } from "../features/after-visit/SummaryPreviewPage";
import { VisitAttachments } from "../features/attachments/VisitAttachments";
import { VisitReviewPage } from "../features/visit-review/VisitReviewPage";

/** /clinic/visits/:visitId/review — the clinician's review of one visit's findings. */
export function ClinicianReview() {
  const { visitId = "" } = useParams();
  const navigate = useNavigate();
  return (
    <VisitReviewPage
      visitId={visitId}
      onBack={() => void navigate("/clinic")}
      extra={<VisitAttachments visitId={visitId} />}
    />
  );
}

/** /clinic/visits/:visitId/preview — what the patient will read, before the clinician releases it. */
export function ClinicianPreview() {
  const { visitId = "" } = useParams();
  const navigate = useNavigate();
  return (
    <SummaryPreviewPage
      visitId={visitId}
      onBack={() => void navigate(`/clinic/visits/${encodeURIComponent(visitId)}/review`)}
    />
  );
}

/**
 * /visit/:secret/summary — the patient's summary from its own summary link (handed to the
 * patient's browser when the visit ends, or sent by the clinic); it opens nothing else.
 */
export function PatientSummary() {
  const { secret = "" } = useParams();
  return <AfterVisitPage participantToken={secret} />;
}
