import type { QueueEntry, VisitLink, VisitSummary } from "@bedside/shared";
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../../test/dom";
import { useClinicStore } from "./clinic-store";
import { WaitingChats, WaitingPanel } from "./QueuePage";
import { VisitList } from "./VisitList";
import { WaitingList } from "./WaitingList";

const entry = (name: string, connection: QueueEntry["connection"], visitId: string): QueueEntry => ({
  visitId,
  participantId: crypto.randomUUID(),
  role: "patient",
  displayName: name,
  waitingSince: new Date(Date.now() - 33 * 60_000).toISOString(),
  connection,
  scribeConsent: "granted",
  deviceCheck: { camera: "ok", microphone: "ok", speakerTested: true, connectionRttMs: 20 },
  interpreterNeeded: false,
});

const visit = (name: string, state: VisitSummary["state"]): VisitSummary => ({
  id: crypto.randomUUID(),
  patientDisplayName: name,
  preferredLanguage: "es",
  interpreterNeeded: true,
  scheduledAt: new Date().toISOString(),
  state,
});

const buttons = (host: HTMLElement) =>
  Array.from(host.querySelectorAll("button")).map((b) => b.getAttribute("aria-label") ?? b.textContent);

describe("the clinician's waiting room", () => {
  const dom = useDomRoot();

  it("offers only who is really there for admission; who left is apart, quiet and cannot be admitted", async () => {
    const v = crypto.randomUUID();
    const onAdmit = vi.fn();
    await act(async () =>
      dom.root.render(
        <WaitingList
          entries={[
            entry("Here Hana", "online", v),
            entry("Gone Gil", "left", v),
            entry("Dropped Dee", "reconnecting", v),
          ]}
          onAdmit={onAdmit}
          interpreterPresent={() => false}
        />,
      ),
    );
    expect(buttons(dom.host)).toEqual(["Admit Here Hana", "Admit Dropped Dee"]);
    const left = dom.host.querySelector("details");
    expect(left?.open).toBe(false);
    expect(left?.querySelector("summary")?.textContent).toBe("Left the waiting room (1)");
    expect(left?.textContent).toContain("Gone Gil");
    expect(left?.textContent).not.toContain("waiting 33 min");
  });

  it("says no one is waiting when everyone listed has left", async () => {
    await act(async () =>
      dom.root.render(
        <WaitingList
          entries={[entry("Gone Gil", "left", crypto.randomUUID())]}
          onAdmit={() => undefined}
          interpreterPresent={() => false}
        />,
      ),
    );
    expect(dom.host.textContent).toContain("No one is waiting right now.");
    expect(buttons(dom.host)).toEqual([]);
  });
});

describe("the waiting panel beside a call", () => {
  const dom = useDomRoot();

  it("offers only this visit's people for admission and counts the other visits' patients", async () => {
    const here = crypto.randomUUID();
    const other = crypto.randomUUID();
    useClinicStore.setState({
      entries: [
        { ...entry("Ana Interpreter", "online", here), role: "interpreter" },
        entry("Other Olga", "online", other),
        entry("Other Omar", "reconnecting", crypto.randomUUID()),
        entry("Gone Gil", "left", other),
      ],
      inCall: [entry("Maria Lopez", "online", here)],
    });
    await act(async () => dom.root.render(<WaitingPanel visitId={here} />));
    expect(buttons(dom.host)).toEqual(["Admit Ana Interpreter", "Send Maria Lopez back to wait"]);
    expect(dom.host.textContent).not.toContain("Other Olga");
    const others = dom.host.querySelector(".other-visits");
    expect(others?.textContent).toContain("2 people are waiting for other visits.");
    const link = others?.querySelector("a");
    // A new tab, so following the link does not leave this call.
    expect(link?.getAttribute("href")).toBe("/clinic");
    expect(link?.getAttribute("target")).toBe("_blank");
  });
});

describe("messages from the waiting room (issue 30)", () => {
  const dom = useDomRoot();

  it("offers the chat of each waiting patient's visit, before admission; none for who left", async () => {
    const chats: string[] = [];
    const a = entry("Maria Lopez", "online", crypto.randomUUID());
    const b = entry("Sam Lee", "reconnecting", crypto.randomUUID());
    const entries = [
      a,
      b,
      { ...entry("Ana Interpreter", "online", a.visitId), role: "interpreter" as const },
      entry("Gone Gil", "left", crypto.randomUUID()),
    ];
    const chatWith = (visitId: string, name: string) => {
      chats.push(`${visitId}:${name}`);
      return <p>{name}</p>;
    };
    await act(async () => dom.root.render(<WaitingChats entries={entries} chatWith={chatWith} />));
    expect(chats).toEqual([`${a.visitId}:Maria Lopez`, `${b.visitId}:Sam Lee`]);
    expect(dom.host.querySelector("h2")?.textContent).toBe("Messages from the waiting room");
    await act(async () => dom.root.render(<WaitingChats entries={[entries[3]!]} chatWith={chatWith} />));
    expect(dom.host.textContent).toBe("");
  });
});

describe("today's visits", () => {
  const dom = useDomRoot();
  const link = (role: VisitLink["role"]): VisitLink => ({
    role,
    url: `https://bedside.example/join/${role}-secret`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });

  it("asks before a new link cancels the old one, names each copy button, and says when the patient left", async () => {
    const waiting = visit("Maria Lopez", "waiting");
    const onReissue = vi.fn();
    await act(async () =>
      dom.root.render(
        <VisitList
          visits={[waiting]}
          issuedLinks={{ [waiting.id]: [link("patient"), link("interpreter")] }}
          someoneHere={() => false}
          onJoin={() => undefined}
          onReissue={onReissue}
          onReview={() => undefined}
        />,
      ),
    );
    expect(dom.host.textContent).toContain("Spanish");
    expect(dom.host.textContent).not.toContain("Someone is waiting");
    expect(dom.host.textContent).toContain("Left the waiting room");
    expect(buttons(dom.host)).toContain("Copy the patient's link");
    expect(buttons(dom.host)).toContain("Copy the interpreter's link");

    const newLink = Array.from(dom.host.querySelectorAll("button")).find(
      (b) => b.textContent === "New patient link",
    );
    await act(async () => newLink?.click());
    expect(onReissue).not.toHaveBeenCalled();
    const dialog = dom.host.querySelector('[role="alertdialog"]');
    expect(dialog?.textContent).toContain("Make a new patient link for Maria Lopez's visit?");
    expect(document.activeElement?.textContent).toBe("Keep the old link");
    await act(async () => (document.activeElement as HTMLButtonElement).click());
    expect(onReissue).not.toHaveBeenCalled();
    expect(dom.host.querySelector('[role="alertdialog"]')).toBeNull();

    await act(async () => newLink?.click());
    const make = Array.from(dom.host.querySelectorAll("button")).find(
      (b) => b.textContent === "Make a new link",
    );
    await act(async () => make?.click());
    expect(onReissue).toHaveBeenCalledWith(waiting.id, "patient");
  });
});
