import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { useDomRoot } from "../test/dom";
import { ConfirmDialog } from "./ConfirmDialog";

describe("ConfirmDialog", () => {
  const dom = useDomRoot();

  function render() {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const opener = document.createElement("button");
    document.body.append(opener);
    opener.focus();
    act(() =>
      dom.root.render(
        <ConfirmDialog
          title="End the visit for everyone?"
          confirmLabel="End the visit"
          onConfirm={onConfirm}
          onCancel={onCancel}
        >
          <p>Everyone leaves the call.</p>
        </ConfirmDialog>,
      ),
    );
    const dialog = dom.host.querySelector<HTMLElement>('[role="alertdialog"]')!;
    const [cancel, confirm] = [...dialog.querySelectorAll("button")];
    return { dialog, cancel: cancel!, confirm: confirm!, onConfirm, onCancel, opener };
  }
  const key = (el: Element, k: string, shiftKey = false) =>
    act(() => void el.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey, bubbles: true })));

  it("is a labelled modal dialog that starts on the safe choice", () => {
    const { dialog, cancel } = render();
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(document.getElementById(dialog.getAttribute("aria-labelledby")!)?.textContent).toBe(
      "End the visit for everyone?",
    );
    expect(document.getElementById(dialog.getAttribute("aria-describedby")!)?.textContent).toBe(
      "Everyone leaves the call.",
    );
    expect(document.activeElement).toBe(cancel);
  });

  it("keeps Tab inside, cancels on Escape, confirms only on the confirm button", () => {
    const { cancel, confirm, onConfirm, onCancel } = render();
    key(cancel, "Tab", true);
    expect(document.activeElement).toBe(confirm);
    key(confirm, "Tab");
    expect(document.activeElement).toBe(cancel);
    key(cancel, "Escape");
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    act(() => confirm.click());
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it("gives focus back to where it was when it closes", () => {
    const { opener } = render();
    act(() => dom.root.render(null));
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
