import { act } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { useDomRoot } from "../../test/dom";
import { EndOfVisitPage } from "./EndOfVisitPage";

describe("EndOfVisitPage", () => {
  const dom = useDomRoot();
  afterEach(() => window.history.replaceState(null, "", "/"));

  it("puts the summary's own link in the address bar, so saving or reloading the page opens the summary", async () => {
    window.history.replaceState({ idx: 3 }, "", "/join/old-join-secret");
    await act(async () =>
      dom.root.render(
        <EndOfVisitPage role="patient" clinicianName="Dr. Rivera" summaryHref="/visit/s3cret/summary" />,
      ),
    );
    expect(window.location.pathname).toBe("/visit/s3cret/summary");
    // The router's own state stays, so nothing else on the page moves.
    expect(window.history.state).toEqual({ idx: 3 });
    expect(dom.host.querySelector("a")?.getAttribute("href")).toBe("/visit/s3cret/summary");
  });

  it("keeps the address while the summary link is on its way, and for an interpreter", async () => {
    window.history.replaceState(null, "", "/join/old-join-secret");
    await act(async () =>
      dom.root.render(<EndOfVisitPage role="patient" clinicianName="Dr. Rivera" summaryHref={undefined} />),
    );
    expect(window.location.pathname).toBe("/join/old-join-secret");
    await act(async () =>
      dom.root.render(
        <EndOfVisitPage role="interpreter" clinicianName="Dr. Rivera" summaryHref="/visit/x/summary" />,
      ),
    );
    expect(window.location.pathname).toBe("/join/old-join-secret");
  });
});
