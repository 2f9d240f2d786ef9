import { act } from "react";
import { describe, expect, it } from "vitest";
import { useDomRoot } from "../../test/dom";
import { GlossaryText } from "./GlossaryText";

const glossary = [
  { term: "bronchitis", definition: { text: "The air tubes in your lungs are swollen.", grade: 3 } },
  { term: "blood pressure", definition: { text: "How hard your blood pushes.", grade: 2 } },
];

describe("GlossaryText", () => {
  const dom = useDomRoot();
  const render = (text: string) => {
    act(() => dom.root.render(<GlossaryText text={text} glossary={glossary} />));
    return dom.host;
  };

  it("keeps the text and turns each term into a button described by its plain definition", () => {
    const el = render("I think this is Bronchitis. Your blood pressure is fine; bronchitis again.");
    expect(el.textContent).toContain("I think this is Bronchitis");
    const buttons = el.querySelectorAll("button");
    // First mention of each term only, so the page stays calm.
    expect([...buttons].map((b) => b.textContent)).toEqual(["Bronchitis", "blood pressure"]);
    const tip = document.getElementById(buttons[0]!.getAttribute("aria-describedby")!);
    expect(tip?.textContent).toBe("The air tubes in your lungs are swollen.");
    expect(buttons[0]!.getAttribute("aria-expanded")).toBe("false");
    act(() => buttons[0]!.click());
    expect(buttons[0]!.getAttribute("aria-expanded")).toBe("true");
  });

  it("does not match a term inside another word", () => {
    const el = render("Not bronchitises or subbronchitis here.");
    expect(el.querySelectorAll("button")).toHaveLength(0);
  });
});
