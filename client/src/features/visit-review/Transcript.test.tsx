import { act } from "react";
import { describe, expect, it } from "vitest";
import { useDomRoot } from "../../test/dom";
import { Transcript } from "./Transcript";

describe("the review's transcript", () => {
  const dom = useDomRoot();

  it("gives no wrong reason for an empty transcript (both may have consented and the scribe listened)", async () => {
    await act(async () =>
      dom.root.render(
        <Transcript segments={[]} highlighted={new Set()} citing={false} onCite={() => undefined} />,
      ),
    );
    const text = dom.host.textContent ?? "";
    expect(text).toContain("No words were saved for this visit.");
    expect(text).toContain("heard no speech");
    expect(text).not.toMatch(/not allowed/);
  });
});
