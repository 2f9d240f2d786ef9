import {
  bookVisitRequestSchema,
  timeZoneSchema,
  type BookVisitRequest,
  type BookVisitResponse,
  type StaffMember,
} from "@bedside/shared";
import { useId, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { CopyField } from "../../components/CopyField";
import {
  formatInZone,
  fromLocalInput,
  localTimeZone,
  nextSlot,
  timeZones,
  toLocalInput,
} from "../../lib/time-zone";
import { useScheduleStore } from "./schedule-store";

export const durations = [10, 15, 20, 30, 45, 60] as const;

/** Whether a moment is now or before (read when a form is sent, never while rendering). */
export const hasPassed = (at: Date): boolean => at.getTime() <= Date.now();

type Field =
  "clinicianId" | "patientDisplayName" | "startsAt" | "timeZone" | "email" | "phone" | "consent" | "form";
const fields: readonly string[] = [
  "clinicianId",
  "patientDisplayName",
  "startsAt",
  "timeZone",
  "email",
  "phone",
  "consent",
];

/** The first message zod gives for each field (contact's fields by their own name). */
function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const [head, sub] = issue.path;
    const key = (head === "contact" ? sub : head) as Field | undefined;
    const field: Field = key && fields.includes(key) ? key : "form";
    out[field] ??= issue.message;
  }
  return out;
}

/** The links of a visit just booked, and how the invitation went out. */
function Booked({ booked, timeZone }: { booked: BookVisitResponse; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const { email, phone, consentAt } = booked.visit.contact;
  const by =
    consentAt && email && phone ? "both" : consentAt && email ? "email" : consentAt && phone ? "sms" : null;
  return (
    <section className="stack booked" aria-live="polite">
      <p role="status">
        {t("schedule.booked", {
          name: booked.visit.patientDisplayName,
          when: formatInZone(booked.visit.startsAt, timeZone, i18n.language),
        })}{" "}
        {by ? t(`schedule.sentBy.${by}`) : t("schedule.noContact")}
      </p>
      {booked.links.map((l) => (
        <CopyField
          key={l.url}
          label={l.role === "patient" ? t("schedule.patientLink") : t("schedule.interpreterLink")}
          copyLabel={l.role === "patient" ? t("schedule.copyPatientLink") : t("schedule.copyInterpreterLink")}
          value={l.url}
        />
      ))}
    </section>
  );
}

/**
 * Books a visit for a time, with the patient's contact and their consent to it (issue 28). With
 * `clinicians` (the front desk) it asks for whom; a clinician books their own visits. The time is
 * entered in the clinic's zone (this browser's) and shown as the patient will read it.
 */
export function BookingForm({ clinicians }: { clinicians?: StaffMember[] }) {
  const { t, i18n } = useTranslation();
  const book = useScheduleStore((s) => s.book);
  const id = useId();
  const clinicZone = useMemo(() => localTimeZone(), []);
  const zones = useMemo(() => timeZones(clinicZone), [clinicZone]);
  const [clinicianId, setClinicianId] = useState("");
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("en");
  const [interpreter, setInterpreter] = useState(false);
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [consent, setConsent] = useState(false);
  const [when, setWhen] = useState(() => toLocalInput(nextSlot()));
  const [patientZone, setPatientZone] = useState(clinicZone);
  const [duration, setDuration] = useState<number>(15);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [booked, setBooked] = useState<BookVisitResponse>();

  const startsAt = fromLocalInput(when);
  const zoneKnown = timeZoneSchema.safeParse(patientZone).success;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBooked(undefined);
    if (!startsAt || hasPassed(startsAt)) {
      setErrors({ startsAt: t("schedule.past") });
      return;
    }
    const hasContact = email.trim() !== "" || phone.trim() !== "";
    if (hasContact && !consent) {
      setErrors({ consent: t("schedule.consentNeeded") });
      return;
    }
    const request: BookVisitRequest = {
      patientDisplayName: name,
      preferredLanguage: language,
      interpreterNeeded: interpreter,
      ...(clinicians ? { clinicianId } : {}),
      startsAt: startsAt.toISOString(),
      durationMinutes: duration,
      timeZone: patientZone.trim(),
      contact: {
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        consent: hasContact && consent,
      },
    };
    // The same rules the server applies, checked here first so the message sits by its field.
    const parsed = bookVisitRequestSchema.safeParse(request);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setBooked(await book(parsed.data));
      setName("");
      setEmail("");
      setPhone("");
      setConsent(false);
      setInterpreter(false);
      setWhen(toLocalInput(nextSlot()));
    } catch (err) {
      setErrors({ form: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }

  /** Props that tie a field to its error message, when it has one. */
  const described = (field: Field) =>
    errors[field] ? { "aria-invalid": true, "aria-describedby": `${id}-${field}` } : {};
  const error = (field: Field) =>
    errors[field] && (
      <span id={`${id}-${field}`} className="field__error" role="alert">
        {errors[field]}
      </span>
    );

  return (
    <form className="stack booking" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("schedule.bookTitle")}</h2>
      <p className="muted small">{t("schedule.bookIntro")}</p>
      {clinicians && (
        <label className="field">
          <span>{t("schedule.clinician")}</span>
          <select
            value={clinicianId}
            onChange={(e) => setClinicianId(e.target.value)}
            {...described("clinicianId")}
          >
            <option value="">{t("schedule.choose")}</option>
            {clinicians.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </select>
          {error("clinicianId")}
        </label>
      )}
      <label className="field">
        <span>{t("schedule.patientName")}</span>
        <input
          value={name}
          maxLength={80}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          {...described("patientDisplayName")}
        />
        {error("patientDisplayName")}
      </label>
      <div className="row">
        <label className="field grow">
          <span>{t("schedule.language")}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="en" lang="en">
              English
            </option>
            <option value="es" lang="es">
              Español
            </option>
          </select>
        </label>
        <label className="field grow">
          <span>{t("schedule.duration")}</span>
          <select value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
            {durations.map((m) => (
              <option key={m} value={m}>
                {t("schedule.minutes", { count: m })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={interpreter} onChange={(e) => setInterpreter(e.target.checked)} />
        {t("schedule.interpreter")}
      </label>
      <label className="field">
        <span>{t("schedule.startsAt", { zone: clinicZone })}</span>
        <input
          type="datetime-local"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          {...described("startsAt")}
        />
        {error("startsAt")}
      </label>
      <label className="field">
        <span>{t("schedule.patientZone")}</span>
        {/* Typed with suggestions: a list of every zone on Earth is too long to scroll. */}
        <input
          value={patientZone}
          list={`${id}-zones`}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setPatientZone(e.target.value)}
          {...(errors.timeZone ? described("timeZone") : { "aria-describedby": `${id}-sees` })}
        />
        <datalist id={`${id}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        {startsAt && zoneKnown && (
          <small id={`${id}-sees`}>
            {t("schedule.patientSees", {
              when: formatInZone(startsAt, patientZone.trim(), i18n.language, {
                weekday: "short",
                month: "short",
                day: "numeric",
                hour: "numeric",
                minute: "2-digit",
                timeZoneName: "short",
              }),
            })}
          </small>
        )}
        {error("timeZone")}
      </label>
      <label className="field">
        <span>{t("schedule.email")}</span>
        <input
          type="email"
          value={email}
          autoComplete="off"
          onChange={(e) => setEmail(e.target.value)}
          {...described("email")}
        />
        {error("email")}
      </label>
      <label className="field">
        <span>{t("schedule.phone")}</span>
        <input
          type="tel"
          value={phone}
          autoComplete="off"
          placeholder="+1 555 123 4567"
          onChange={(e) => setPhone(e.target.value)}
          {...(errors.phone ? described("phone") : { "aria-describedby": `${id}-phone-hint` })}
        />
        <small id={`${id}-phone-hint`}>{t("schedule.phoneHint")}</small>
        {error("phone")}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={consent}
          onChange={(e) => setConsent(e.target.checked)}
          {...described("consent")}
        />
        {t("schedule.consent")}
      </label>
      {error("consent")}
      {errors.form && (
        <p role="alert" className="error">
          {errors.form}
        </p>
      )}
      <button className="button button--primary" type="submit" disabled={busy}>
        {busy ? t("schedule.booking") : t("schedule.book")}
      </button>
      {booked && <Booked booked={booked} timeZone={clinicZone} />}
    </form>
  );
}
