import type {
  BookVisitRequest,
  BookVisitResponse,
  ScheduleEntry,
  VisitDeliveries,
  VisitDelivery,
} from "@bedside/shared";
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { axeViolations } from "../../test/axe";
import { useDomRoot } from "../../test/dom";
import { localTimeZone, toLocalInput } from "../../lib/time-zone";
import { BookingForm } from "./BookingForm";
import { TodaySchedule } from "./TodaySchedule";
import { useScheduleStore } from "./schedule-store";

const ames = { id: crypto.randomUUID(), displayName: "Dr. Ana Ames" };
const bell = { id: crypto.randomUUID(), displayName: "Dr. Ben Bell" };
const initial = useScheduleStore.getState();
afterEach(() => useScheduleStore.setState(initial, true));

/** Sets a controlled input's or select's value the way a person's typing does (React listens for "input"). */
async function fill(el: HTMLInputElement | HTMLSelectElement, value: string) {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, value);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

/** The form control whose label starts with `text`. */
function control<T extends HTMLElement = HTMLInputElement>(host: HTMLElement, text: string): T {
  const label = Array.from(host.querySelectorAll("label")).find((l) => l.textContent?.startsWith(text));
  const el = label?.querySelector("input, select");
  if (!el) throw new Error(`no control labelled "${text}"`);
  return el as unknown as T;
}

const button = (host: HTMLElement, name: string) => {
  const b = Array.from(host.querySelectorAll("button")).find(
    (x) => (x.getAttribute("aria-label") ?? x.textContent) === name,
  );
  if (!b) throw new Error(`no button "${name}"`);
  return b;
};

describe("booking a visit", { timeout: 30_000 }, () => {
  const dom = useDomRoot();

  function bookedFrom(req: BookVisitRequest): BookVisitResponse {
    return {
      visit: {
        id: crypto.randomUUID(),
        clinicianId: req.clinicianId ?? ames.id,
        clinicianName: ames.displayName,
        patientDisplayName: req.patientDisplayName,
        preferredLanguage: req.preferredLanguage,
        interpreterNeeded: req.interpreterNeeded,
        startsAt: new Date(req.startsAt).toISOString(),
        durationMinutes: req.durationMinutes,
        timeZone: req.timeZone,
        state: "scheduled",
        cancelledAt: null,
        contact: {
          email: req.contact.email ?? null,
          phone: req.contact.phone ? "+14155550123" : null,
          consentAt: req.contact.consent ? new Date().toISOString() : null,
        },
        bookedBy: { id: crypto.randomUUID(), displayName: "Dee Morales" },
      },
      links: [
        {
          role: "patient",
          url: "https://bedside.example/join/patient-secret",
          expiresAt: new Date().toISOString(),
        },
      ],
    };
  }

  it("refuses a bad number, a missing consent and a past time by their fields, then books what was entered", async () => {
    const book = vi.fn((req: BookVisitRequest) => Promise.resolve(bookedFrom(req)));
    useScheduleStore.setState({ book });
    await act(async () => dom.root.render(<BookingForm clinicians={[ames, bell]} />));
    const host = dom.host;

    await fill(control<HTMLSelectElement>(host, "Clinician"), bell.id);
    await fill(control(host, "Patient's name"), "Paula Reyes");
    await fill(control<HTMLSelectElement>(host, "Patient's language"), "es");
    await fill(control(host, "Email"), "paula@example.org");
    await fill(control(host, "Mobile number"), "+1 555");
    const submit = () => act(async () => button(host, "Book and get links").click());

    // Contact details without the patient's agreement are not saved.
    await submit();
    expect(book).not.toHaveBeenCalled();
    expect(host.textContent).toContain("Please tick that the patient agreed");
    const consent = control(host, "The patient agreed");
    expect(consent.getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(host)).toEqual([]);

    // An invalid mobile number is refused next to the number.
    await act(async () => consent.click());
    await submit();
    expect(book).not.toHaveBeenCalled();
    const phone = control(host, "Mobile number");
    expect(phone.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(phone.getAttribute("aria-describedby")!)?.textContent).toMatch(
      /international form/,
    );

    // A time that has passed.
    await fill(phone, "+1 415 555 0123");
    await fill(control(host, "Date and time"), toLocalInput(new Date(Date.now() - 3_600_000)));
    await submit();
    expect(book).not.toHaveBeenCalled();
    expect(host.textContent).toContain("Please choose a time that has not passed yet.");

    // Tomorrow at 9:30 clinic time, 30 minutes, for a patient in New York.
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(9, 30, 0, 0);
    await fill(control(host, "Date and time"), toLocalInput(tomorrow));
    await fill(control<HTMLSelectElement>(host, "Length"), "30");
    await fill(control(host, "Patient's time zone"), "Mars/Olympus");
    await submit();
    expect(book).not.toHaveBeenCalled();
    expect(control(host, "Patient's time zone").getAttribute("aria-invalid")).toBe("true");
    await fill(control(host, "Patient's time zone"), "America/New_York");
    expect(host.textContent).toMatch(/For the patient: .*(EST|EDT|GMT-[45])/);
    await submit();
    expect(book).toHaveBeenCalledWith({
      patientDisplayName: "Paula Reyes",
      preferredLanguage: "es",
      interpreterNeeded: false,
      clinicianId: bell.id,
      startsAt: tomorrow.toISOString(),
      durationMinutes: 30,
      timeZone: "America/New_York",
      contact: { email: "paula@example.org", phone: "+1 415 555 0123", consent: true },
    });
    expect(host.querySelector('[role="status"]')?.textContent).toContain(
      "The invitation is on its way by email and text.",
    );
    expect((control(host, "Link for the patient") as HTMLInputElement).value).toBe(
      "https://bedside.example/join/patient-secret",
    );
    // Ready for the next patient.
    expect(control(host, "Patient's name").value).toBe("");
    expect(control(host, "The patient agreed").checked).toBe(false);
    expect(await axeViolations(host)).toEqual([]);
  });

  it("a clinician books their own visit (no clinician to choose); no contact means copying the link", async () => {
    const book = vi.fn((req: BookVisitRequest) => Promise.resolve(bookedFrom(req)));
    useScheduleStore.setState({ book });
    await act(async () => dom.root.render(<BookingForm />));
    expect(dom.host.textContent).not.toContain("Clinician");
    await fill(control(dom.host, "Patient's name"), "Sam Lee");
    await act(async () => button(dom.host, "Book and get links").click());
    const req = book.mock.calls[0]![0];
    expect(req).not.toHaveProperty("clinicianId");
    expect(req.contact).toEqual({ consent: false });
    expect(req.timeZone).toBe(localTimeZone());
    expect(new Date(req.startsAt).getTime()).toBeGreaterThan(Date.now());
    expect(dom.host.textContent).toContain("No email or mobile number: copy the link and send it yourself.");
  });

  it("says the server's refusal (another clinic's clinician, say) and keeps what was typed", async () => {
    const book = vi.fn(() => Promise.reject(new Error("That clinician is not in your clinic.")));
    useScheduleStore.setState({ book });
    await act(async () => dom.root.render(<BookingForm clinicians={[ames]} />));
    await fill(control<HTMLSelectElement>(dom.host, "Clinician"), ames.id);
    await fill(control(dom.host, "Patient's name"), "Sam Lee");
    await act(async () => button(dom.host, "Book and get links").click());
    expect(dom.host.querySelector('[role="alert"]')?.textContent).toBe(
      "That clinician is not in your clinic.",
    );
    expect(control(dom.host, "Patient's name").value).toBe("Sam Lee");
  });
});

describe("today's schedule", { timeout: 30_000 }, () => {
  const dom = useDomRoot();
  const zone = localTimeZone();
  const at = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

  const entry = (
    name: string,
    status: ScheduleEntry["status"],
    startsAt: string,
    more: Partial<ScheduleEntry> = {},
  ) =>
    ({
      id: crypto.randomUUID(),
      clinicianId: ames.id,
      clinicianName: ames.displayName,
      patientDisplayName: name,
      preferredLanguage: "es",
      interpreterNeeded: false,
      startsAt,
      durationMinutes: 20,
      timeZone: "America/New_York",
      state: "scheduled",
      cancelledAt: status === "cancelled" ? at(-60) : null,
      contact: { email: "p•••@example.org", phone: "+14155550123", consentAt: at(-600) },
      bookedBy: null,
      status,
      linkOpenedAt: null,
      checkedInAt: null,
      ...more,
    }) satisfies ScheduleEntry;

  const delivery = (d: Partial<VisitDelivery>): VisitDelivery => ({
    id: crypto.randomUUID(),
    kind: "invitation",
    channel: "email",
    status: "delivered",
    to: "p•••@example.org",
    problem: null,
    detail: null,
    createdAt: at(-100),
    updatedAt: at(-99),
    ...d,
  });

  it("lists the day by time with where each visit stands, what reached the patient and what to do when it did not", async () => {
    const late = entry("Lara Late", "late", at(-7));
    const here = entry("Carl Checked", "checked_in", at(5), { checkedInAt: at(-2), linkOpenedAt: at(-3) });
    const unopened = entry("Nora Unopened", "not_opened", at(90));
    const stopped = entry("Otto Stopped", "not_opened", at(120));
    const gone = entry("Cleo Cancelled", "cancelled", at(150));
    const deliveries: Record<string, VisitDeliveries> = {
      [unopened.id]: {
        smsConfigured: true,
        deliveries: [
          delivery({
            channel: "sms",
            status: "failed",
            problem: "invalid_destination",
            to: "•••• 0123",
            detail: "21211",
          }),
          delivery({ channel: "email", status: "delivered" }),
        ],
      },
      [stopped.id]: {
        smsConfigured: true,
        deliveries: [
          delivery({ channel: "sms", status: "opted_out", problem: "opted_out", to: "•••• 0123" }),
        ],
      },
      [late.id]: { smsConfigured: false, deliveries: [delivery({ channel: "email", status: "sent" })] },
    };
    const load = vi.fn(() => Promise.resolve());
    useScheduleStore.setState({
      load,
      scope: "clinic",
      schedule: { day: "2026-12-07", timeZone: zone, entries: [late, here, unopened, stopped, gone] },
      deliveries,
    });
    await act(async () => dom.root.render(<TodaySchedule scope="clinic" />));
    expect(load).toHaveBeenCalledWith("clinic");

    const items = Array.from(dom.host.querySelectorAll(".schedule__item"));
    expect(items.map((li) => li.querySelector(".queue__name")?.textContent)).toEqual([
      "Lara Late",
      "Carl Checked",
      "Nora Unopened",
      "Otto Stopped",
      "Cleo Cancelled",
    ]);
    expect(items.map((li) => li.querySelector(".chip")?.textContent)).toEqual([
      "Late 7 min",
      "Checked in",
      "Link not opened",
      "Link not opened",
      "Cancelled",
    ]);
    expect(items[0]!.textContent).toContain("with Dr. Ana Ames · Spanish");
    expect(items[0]!.textContent).toContain("Email · invitation to p•••@example.org: sent");
    expect(items[0]!.textContent).toContain("Text messages are not set up on this server");
    expect(items[1]!.textContent).toMatch(/Checked in at \d/);
    expect(items[2]!.textContent).toContain("Text · invitation to •••• 0123: failed");
    expect(items[2]!.textContent).toContain(
      "The mobile number was refused. Check it with the patient, then send the link again.",
    );
    expect(items[2]!.textContent).toContain("Email · invitation to p•••@example.org: delivered");
    expect(items[3]!.textContent).toContain("The patient replied STOP to texts.");
    // A cancelled visit offers nothing to do.
    expect(items[4]!.querySelectorAll("button")).toHaveLength(0);
    // "Ready for you" only to who is due and not there yet (not checked in, not hours away).
    const readyButtons = Array.from(dom.host.querySelectorAll("button"))
      .map((b) => b.getAttribute("aria-label") ?? "")
      .filter((l) => l.includes("the clinician is ready to"));
    expect(readyButtons).toEqual(["Say the clinician is ready to Lara Late"]);
    const ready = vi.fn(() => Promise.resolve(true));
    await act(async () => useScheduleStore.setState({ ready }));
    await act(async () => button(dom.host, "Say the clinician is ready to Lara Late").click());
    expect(ready).toHaveBeenCalledWith(late.id);
    expect(items[0]!.textContent).toContain("Sent: the clinician is ready for them.");
    expect(await axeViolations(dom.host)).toEqual([]);
  });

  it("sends the link again, reschedules, and cancels only after asking", async () => {
    const visit = entry("Nora Unopened", "not_opened", at(90));
    const resend = vi.fn(() =>
      Promise.resolve({
        link: { role: "patient" as const, url: "https://bedside.example/join/new", expiresAt: at(600) },
        channels: ["email" as const, "sms" as const],
      }),
    );
    const reschedule = vi.fn(() => Promise.resolve(true));
    const cancel = vi.fn(() => Promise.resolve(true));
    useScheduleStore.setState({
      load: () => Promise.resolve(),
      resend,
      reschedule,
      cancel,
      scope: "mine",
      schedule: { day: "2026-12-07", timeZone: zone, entries: [visit] },
    });
    await act(async () => dom.root.render(<TodaySchedule scope="mine" />));
    expect(dom.host.textContent).not.toContain("with Dr. Ana Ames");

    await act(async () => button(dom.host, "Send the link again to Nora Unopened").click());
    expect(resend).toHaveBeenCalledWith(visit.id);
    expect(dom.host.textContent).toContain("A new link is on its way by email and text.");

    await act(async () => button(dom.host, "Reschedule Nora Unopened's visit").click());
    const form = dom.host.querySelector("form")!;
    expect(form.getAttribute("aria-label")).toBe("Reschedule Nora Unopened's visit");
    const later = new Date(Date.now() + 3 * 3_600_000);
    later.setSeconds(0, 0);
    await fill(control(form, "New date and time"), toLocalInput(later));
    await act(async () => button(form, "Move the visit").click());
    expect(reschedule).toHaveBeenCalledWith(visit.id, { startsAt: later.toISOString(), durationMinutes: 20 });
    expect(dom.host.querySelector("form")).toBeNull();

    await act(async () => button(dom.host, "Cancel visit for Nora Unopened").click());
    const dialog = dom.host.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toMatch(/Cancel Nora Unopened's visit at \d/);
    expect(dialog.textContent).toContain("The patient gets a message that the visit was cancelled.");
    expect(document.activeElement?.textContent).toBe("Keep the visit");
    expect(await axeViolations(dom.host)).toEqual([]);
    await act(async () => (document.activeElement as HTMLButtonElement).click());
    expect(cancel).not.toHaveBeenCalled();
    await act(async () => button(dom.host, "Cancel visit for Nora Unopened").click());
    await act(async () => button(dom.host, "Cancel the visit").click());
    expect(cancel).toHaveBeenCalledWith(visit.id);
  });

  it("says why the day could not be read, without a loading line that never ends", async () => {
    useScheduleStore.setState({
      load: () => Promise.resolve(),
      failure: { action: "load", message: "Bedside is busy right now." },
    });
    await act(async () => dom.root.render(<TodaySchedule scope="mine" />));
    expect(dom.host.querySelector('[role="alert"]')?.textContent).toContain(
      "Could not load the schedule: Bedside is busy right now.",
    );
    expect(dom.host.textContent).not.toContain("Loading the schedule");
  });
});
