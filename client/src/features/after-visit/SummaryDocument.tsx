import {
  medicineDetails,
  medicineLabel,
  type MedicineChange,
  type PatientSummary,
  type SummaryEntry,
  summaryLabels,
  summaryLanguageOf,
} from "@bedside/shared";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

const changeClass: Record<MedicineChange, string> = {
  new: "summary-change--new",
  changed: "summary-change--changed",
  stopped: "summary-change--stopped",
  "keep taking": "summary-change--keep",
  "not taking now": "summary-change--off",
  "given once": "summary-change--off",
  "ask us": "summary-change--off",
  taking: "summary-change--keep",
};

function Quotes({ entry, language }: { entry: SummaryEntry; language: string }) {
  const { i18n } = useTranslation();
  if (entry.quotes.length === 0) return null;
  return (
    <details className="summary-quotes">
      <summary>{i18n.getFixedT(language)("afterVisit.whatWasSaid")}</summary>
      {entry.quotes.map((q, i) => (
        // Quotes stay in the language they were spoken in; a browser guesses it from the text.
        <blockquote key={i} lang="">
          <p>“{q.text}”</p>
          {q.speaker && <footer>— {q.speaker}</footer>}
        </blockquote>
      ))}
    </details>
  );
}

function Entries({ entries, language }: { entries: SummaryEntry[]; language: string }) {
  return (
    <dl className="summary-entries">
      {entries.map((e) => (
        <div key={`${e.title}-${e.findingIds.join()}`} className="summary-entry">
          <dt>{e.title}</dt>
          <dd>
            <p>{e.text}</p>
            <Quotes entry={e} language={language} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="summary-section" aria-labelledby={`summary-${id}`}>
      <h2 id={`summary-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * The after-visit summary as the patient reads it. The clinician's preview renders this same
 * component with the same document, so what is previewed is what is read. `questions` and
 * `feedback` are the patient's forms; the preview leaves them out and shows only their lines.
 */
export function SummaryDocument({
  document: doc,
  clinicianName,
  questions,
  feedback,
}: {
  document: PatientSummary;
  clinicianName: string;
  questions?: ReactNode;
  feedback?: ReactNode;
}) {
  const { inShort } = doc;
  const language = summaryLanguageOf(doc.language);
  const { titles, inShort: inShortLabels, changes, questionsLead, feedbackLead } = summaryLabels[language];
  return (
    <div className="summary" lang={doc.language}>
      <section className="summary-short" aria-labelledby="summary-short">
        <h2 id="summary-short">{titles.inShort}</h2>
        <dl>
          <div>
            <dt>{inShortLabels.why}</dt>
            <dd>{inShort.why}</dd>
          </div>
          {inShort.thinks && (
            <div>
              <dt>{inShortLabels.thinks}</dt>
              <dd>{inShort.thinks}</dd>
            </div>
          )}
          {inShort.todo.length > 0 && (
            <div>
              <dt>{inShortLabels.todo}</dt>
              <dd>
                <ul className="summary-todo">
                  {inShort.todo.map((t) => (
                    <li key={t}>{t}</li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
          <div className="summary-short__help">
            <dt>{inShortLabels.help}</dt>
            <dd>{inShort.help}</dd>
          </div>
        </dl>
      </section>

      {doc.medicines.length > 0 && (
        <Section id="medicines" title={titles.medicines}>
          <ul className="summary-medicines">
            {doc.medicines.map((m) => (
              <li key={m.findingId} className="summary-medicine">
                <p className="summary-medicine__name">
                  <strong>{medicineLabel(m)}</strong>
                  <span className={`summary-change ${changeClass[m.change]}`}>{changes[m.change]}</span>
                </p>
                {/* The change is the badge above; the rest of the row's words follow it. */}
                {medicineDetails(m) && <p>{medicineDetails(m)}</p>}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {doc.testsAndReferrals.length > 0 && (
        <Section id="tests" title={titles.tests}>
          <Entries entries={doc.testsAndReferrals} language={language} />
        </Section>
      )}

      {doc.nextVisit && (
        <Section id="next" title={titles.next}>
          <p>{doc.nextVisit}</p>
        </Section>
      )}

      {doc.getHelp.signs.length > 0 && (
        <section className="summary-section summary-help" aria-labelledby="summary-help">
          <h2 id="summary-help">{titles.help}</h2>
          <ul>
            {doc.getHelp.signs.map((s) => (
              <li key={s}>{s.replace(/\.$/, "")}.</li>
            ))}
          </ul>
          <p className="summary-help__action">{doc.getHelp.action}</p>
        </section>
      )}

      {doc.talkedAbout.length > 0 && (
        <Section id="talked" title={titles.talked}>
          <Entries entries={doc.talkedAbout} language={language} />
        </Section>
      )}

      {doc.words.length > 0 && (
        <Section id="words" title={titles.words}>
          <Entries entries={doc.words} language={language} />
        </Section>
      )}

      <Section id="questions" title={titles.questions}>
        <p>{questionsLead(clinicianName)}</p>
        {questions}
      </Section>

      <Section id="feedback" title={titles.feedback}>
        <p>{feedbackLead}</p>
        {feedback}
      </Section>
    </div>
  );
}
