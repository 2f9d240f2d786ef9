import { messageOf, useFeedback } from "./review-queries";

/** The clinician's own CARE results across their visits: for reflection, private to them. */
export function FeedbackPanel() {
  const { data: feedback, error } = useFeedback();
  if (error)
    return (
      <section className="review-panel" aria-labelledby="feedback-h">
        <h2 id="feedback-h">Your patients’ feedback</h2>
        <p role="alert" className="error">
          {messageOf(error)}
        </p>
      </section>
    );
  // Nothing until it is loaded: the panel is the clinician's reflection, not part of the review.
  if (!feedback) return null;
  return (
    <section className="review-panel" aria-labelledby="feedback-h">
      <h2 id="feedback-h">Your patients’ feedback</h2>
      {feedback.responses === 0 ? (
        <p className="muted">No feedback yet. Patients can rate their visit from their summary.</p>
      ) : (
        <>
          <p>
            CARE score{" "}
            <strong>{feedback.meanScore === null ? "—" : `${feedback.meanScore.toFixed(1)} / 50`}</strong> ·
            from {feedback.scored} of {feedback.responses} response{feedback.responses === 1 ? "" : "s"}
          </p>
          <table className="review-care">
            <caption className="visually-hidden">
              Average rating per CARE question, 1 (poor) to 5 (excellent)
            </caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Average (1–5)</th>
                <th scope="col">Does not apply</th>
              </tr>
            </thead>
            <tbody>
              {feedback.items.map((item) => (
                <tr key={item.title}>
                  <th scope="row">{item.title}</th>
                  <td>{item.mean === null ? "—" : item.mean.toFixed(1)}</td>
                  <td>{item.notApplicable}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {feedback.comments.length > 0 && (
            <>
              <h3>Comments</h3>
              <ul className="review-questions">
                {feedback.comments.map((c) => (
                  <li key={c.at}>
                    <p>{c.text}</p>
                    <p className="muted small">{new Date(c.at).toLocaleDateString()}</p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
