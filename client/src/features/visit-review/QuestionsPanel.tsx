import { useQuestions, messageOf } from "./review-queries";

/** The patient's questions about their released summary, newest marked "New" once. */
export function QuestionsPanel({ visitId }: { visitId: string }) {
  const { data, error } = useQuestions(visitId);
  return (
    <section className="review-panel" aria-labelledby="questions-h">
      <h2 id="questions-h">Questions from the patient</h2>
      {error ? (
        <p role="alert" className="error">
          {messageOf(error)}
        </p>
      ) : !data ? (
        <p className="muted">Loading…</p>
      ) : data.questions.length === 0 ? (
        <p className="muted">No questions yet.</p>
      ) : (
        <ul className="review-questions">
          {data.questions.map((q) => (
            <li key={q.id}>
              <p className="muted small">
                {q.isNew && <span className="tag tag--new">New</span>} {q.askedBy} asked about “
                {q.findingText}” · {new Date(q.askedAt).toLocaleString()}
              </p>
              <p>{q.text}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
