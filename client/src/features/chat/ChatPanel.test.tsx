import type { Ack, ChatMessage } from "@bedside/shared";
import { act } from "react";
import { describe, expect, it } from "vitest";
import type { BedsideSocket } from "../../lib/socket";
import { axeViolations } from "../../test/axe";
import { useDomRoot } from "../../test/dom";
import { FakeSocket } from "../../test/fake-socket";
import { ChatPanel } from "./ChatPanel";

const visitId = "5b1f7c1e-1b1a-4a59-9a55-0c7f1d3f0a01";
const message = (text: string, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: crypto.randomUUID(),
  visitId,
  senderRole: "clinician",
  senderName: "Dr. Rivera",
  text,
  sentAt: new Date().toISOString(),
  ...over,
});

describe("ChatPanel", () => {
  const dom = useDomRoot();
  const history = [
    message('<img src=x onerror="alert(1)"> as written\nline two', {
      senderRole: "patient",
      senderName: "Pat",
    }),
  ];

  function fake() {
    const sent: { event: string; payload: unknown }[] = [];
    const s = new FakeSocket((event, payload): Ack<unknown> => {
      sent.push({ event, payload });
      if (event === "chat:watch") return { ok: true, data: { messages: history } };
      const text = (payload as { text: string }).text;
      return { ok: true, data: message(text, { senderRole: "patient", senderName: "Pat" }) };
    });
    s.connected = true;
    return { s, sent, socket: s as unknown as BedsideSocket };
  }

  it("shows markup as text, counts what arrives while folded, and reads it out", async () => {
    const { s, socket, sent } = fake();
    await act(async () => dom.root.render(<ChatPanel socket={socket} visitId={visitId} collapsible />));
    expect(sent).toEqual([{ event: "chat:watch", payload: { visitId } }]);
    const toggle = () => dom.host.querySelector<HTMLButtonElement>(".chat__toggle")!;
    expect(toggle().textContent).toBe("Chat");
    expect(dom.host.querySelector('[role="log"]')).toBeNull();

    await act(async () => s.emit("chat:message-sent", message("Hold it to the camera")));
    await act(async () => s.emit("chat:message-sent", message("A bit closer")));
    expect(toggle().textContent).toBe("Chat22 new messages");
    expect(dom.host.querySelector('[role="status"]')?.textContent).toBe(
      "New message from Dr. Rivera: A bit closer",
    );
    // Another visit's message (the clinician's socket may still follow an earlier call) is not this chat's.
    await act(async () =>
      s.emit("chat:message-sent", message("elsewhere", { visitId: crypto.randomUUID() })),
    );
    expect(toggle().textContent).toBe("Chat22 new messages");

    await act(async () => toggle().click());
    expect(toggle().getAttribute("aria-expanded")).toBe("true");
    expect(toggle().textContent).toBe("Hide chat");
    const texts = [...dom.host.querySelectorAll(".chat__text")].map((p) => p.textContent);
    expect(texts).toEqual([history[0]!.text, "Hold it to the camera", "A bit closer"]);
    expect(dom.host.querySelector(".chat__log img")).toBeNull();
    expect(await axeViolations(dom.host)).toEqual([]);

    // Sending: the ack's message is shown as "You", and the field empties.
    const input = dom.host.querySelector("textarea")!;
    await act(async () => {
      const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
      set.call(input, "  Like this?  ");
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await act(async () => dom.host.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    expect(sent.at(-1)).toEqual({ event: "chat:send", payload: { visitId, text: "Like this?" } });
    expect(dom.host.querySelector(".chat__message--mine .chat__sender")?.textContent).toBe("You");
    expect(input.value).toBe("");
  });
});
