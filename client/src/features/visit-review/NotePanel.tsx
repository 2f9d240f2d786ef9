import {
  contract,
  type ClinicalNote,
  type NoteSentence,
  noteSectionTitles,
  noteText,
  type ReviewSegment,
} from "@bedside/shared";
import { useId, useState } from "react";
import { pathOf } from "../../lib/api";
import { addOmission, omissionKey, openOmissions } from "./note-omissions";
import { messageOf, useNote, useNoteChange, type NoteChange } from "./review-queries";

/** The transcript lines a sentence comes from, opened with a button (keyboard and screen reader alike). */
function Trace({ sentence, segments }: { sentence: NoteSentence; segments: Map<string, ReviewSegment> }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const lines = sentence.segmentIds.map((s) => segments.get(s)).filter((s) => s !== undefined);
  if (sentence.segmentIds.length === 0) return <span className="muted small note-trace__none">typed</span>;
  return (
    <span className="note-trace">
      <button
        type="button"
        className="button button--small button--quiet"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        title="Show the transcript lines this sentence comes from"
      >
        Source
      </button>
      {open && (
        <span id={id} className="note-trace__lines" role="note">
          {lines.length === 0 ? (
            <span className="muted">These transcript lines were deleted.</span>
          ) : (
            lines.map((s) => (
              <q key={s.id} className="note-trace__line">
                <b>{s.speakerName}:</b> {s.text}
              </q>
            ))
          )}
        </span>
      )}
    </span>
  );
}

/**
 * The clinical note (issue 14): the draft from the approved findings, edited sentence by
 * sentence, signed (then read-only), copied as plain text, and the signed visit downloaded as a
 * FHIR R4 Bundle. Each sentence's source lines open with its "Source" button.
 */
export function NotePanel({ visitId, transcript }: { visitId: string; transcript: ReviewSegment[] }) {
  // The note as the server has it: drafted again from the approved findings whenever a change to
  // them invalidates the visit's queries, until the clinician edits or saves it.
  const stored = useNote(visitId);
  const saving = useNoteChange(visitId);
  /** The clinician's unsaved edits; while there are some, a newer draft from the server never replaces them. */
  const [edited, setEdited] = useState<ClinicalNote>();
  /** Omissions added to the note or dismissed on this page (until the note is saved or drafted again). */
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const segments = new Map(transcript.map((s) => [s.id, s]));
  const current = stored.data;
  const note = edited ?? current?.note;
  const dirty = edited !== undefined;
  const busy = saving.isPending;

  const run = async (change: NoteChange, done: string) => {
    setMessage(undefined);
    try {
      await saving.mutateAsync(change);
      setEdited(undefined);
      setDecided(new Set());
      setMessage({ error: false, text: done });
    } catch (err) {
      setMessage({ error: true, text: messageOf(err) });
    }
  };

  if (!current || !note) {
    return (
      <section className="review-panel" aria-labelledby="note-h">
        <h2 id="note-h">Clinical note</h2>
        {stored.error ? (
          <p className="error">{messageOf(stored.error)}</p>
        ) : (
          <p className="muted">Loading the note…</p>
        )}
      </section>
    );
  }
  const signed = current.status === "signed";

  const change = (section: number, fn: (sentences: NoteSentence[]) => NoteSentence[]) => {
    setEdited({
      sections: note.sections.map((s, i) => (i === section ? { ...s, sentences: fn(s.sentences) } : s)),
    });
  };

  const omissions = signed ? [] : openOmissions(current.omissions, decided);
  const decide = (key: string) => setDecided(new Set([...decided, key]));

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(noteText(note));
      setMessage({ error: false, text: "Copied the note as plain text." });
    } catch {
      setMessage({ error: true, text: "Your browser did not allow copying. Select the text and copy it." });
    }
  };

  const status = signed
    ? `Signed by ${current.signed?.by ?? ""} on ${new Date(current.signed?.at ?? "").toLocaleString()}. The note can no longer be changed.`
    : current.stored
      ? `Draft${dirty ? " with unsaved changes" : ""}, saved ${new Date(current.updatedAt ?? "").toLocaleString()}.`
      : `New draft from the approved findings${dirty ? ", with unsaved changes" : ", not saved yet"}.`;

  return (
    <section className="review-panel note" aria-labelledby="note-h">
      <h2 id="note-h">Clinical note</h2>
      <p className="muted small" data-testid="note-status">
        {status}
        {current.fallbackReason ? " The AI service was unavailable; the built-in draft was used." : ""}
      </p>
      {omissions.length > 0 && (
        <aside className="note__omissions" aria-labelledby="note-omissions-h">
          <h3 id="note-omissions-h">Said in the visit, not in the note</h3>
          <p className="muted small">
            Check each one: add it to the note (you can edit the sentence after) or dismiss it.
          </p>
          <ul>
            {omissions.map((o) => {
              const key = omissionKey(o);
              return (
                <li key={key} className="note__omission" data-testid="note-omission">
                  <span className="note__omission-kind">{o.kind}</span> <b>{o.term}</b>
                  <q className="note__omission-quote">{o.quote}</q>
                  <span className="note__tools">
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`Add ${o.term} to the note`}
                      onClick={() => {
                        setEdited(addOmission(note, o));
                        decide(key);
                      }}
                    >
                      Add to note
                    </button>
                    <button
                      type="button"
                      className="button button--small button--quiet"
                      aria-label={`Dismiss ${o.term}`}
                      onClick={() => decide(key)}
                    >
                      Dismiss
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
        </aside>
      )}
      {note.sections.map((section, si) => (
        // A signed note shows only the sections it has; a draft keeps the empty ones to write in.
        <div key={section.key} className="note__section" hidden={signed && section.sentences.length === 0}>
          <h3>{noteSectionTitles[section.key]}</h3>
          {section.sentences.length === 0 && <p className="muted small">Nothing recorded.</p>}
          <ol className="note__sentences">
            {section.sentences.map((sentence, i) => {
              const problem =
                sentence.problem && sentence.problem !== section.sentences[i - 1]?.problem
                  ? sentence.problem
                  : undefined;
              return (
                <li key={i} className="note__sentence">
                  {problem && <p className="note__problem">{problem}</p>}
                  {signed ? (
                    <span>{sentence.text}</span>
                  ) : (
                    <textarea
                      aria-label={`${noteSectionTitles[section.key]}, sentence ${i + 1}`}
                      value={sentence.text}
                      rows={Math.max(1, Math.ceil(sentence.text.length / 70))}
                      onChange={(e) =>
                        change(si, (xs) =>
                          xs.map((x, j) => (j === i ? { ...x, text: e.target.value, edited: true } : x)),
                        )
                      }
                    />
                  )}
                  <span className="note__tools">
                    <Trace sentence={sentence} segments={segments} />
                    {!signed && (
                      <button
                        type="button"
                        className="button button--small button--quiet"
                        aria-label={`Remove ${noteSectionTitles[section.key]} sentence ${i + 1}`}
                        onClick={() => change(si, (xs) => xs.filter((_, j) => j !== i))}
                      >
                        Remove
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ol>
          {!signed && (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() =>
                change(si, (xs) => [
                  ...xs,
                  {
                    text: "",
                    segmentIds: [],
                    edited: true,
                    ...(xs.at(-1)?.problem ? { problem: xs.at(-1)?.problem } : {}),
                  },
                ])
              }
            >
              Add a sentence to {noteSectionTitles[section.key].toLowerCase()}
            </button>
          )}
        </div>
      ))}
      <div aria-live="polite">
        {message && <p className={message.error ? "error" : "notice"}>{message.text}</p>}
      </div>
      <div className="row note__actions">
        {!signed && (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void run({ action: "save", note }, "Saved the note.")}
            >
              Save draft
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void run({ action: "sign", note }, "Signed the note.")}
            >
              Sign note
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={() => void run({ action: "draft" }, "Drafted again from the approved findings.")}
            >
              Draft again from approved findings
            </button>
          </>
        )}
        <button type="button" className="button" onClick={() => void copy()}>
          Copy as text
        </button>
        {signed && (
          <a
            className="button"
            href={pathOf(contract.fhir, { visitId })}
            download={`visit-${visitId}.fhir.json`}
          >
            Download FHIR R4 Bundle
          </a>
        )}
      </div>
    </section>
  );
}
