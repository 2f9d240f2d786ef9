import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach } from "vitest";

// React's act() needs this flag outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/**
 * A fresh React root in the document for each test of the calling `describe`, unmounted and
 * removed after it. Read `host` and `root` inside tests (they change per test).
 */
export function useDomRoot(): { readonly host: HTMLDivElement; readonly root: Root } {
  let host: HTMLDivElement | undefined;
  let root: Root | undefined;
  beforeEach(() => {
    host = document.createElement("div");
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root?.unmount());
    host?.remove();
  });
  return {
    get host() {
      if (!host) throw new Error("useDomRoot: only inside a test");
      return host;
    },
    get root() {
      if (!root) throw new Error("useDomRoot: only inside a test");
      return root;
    },
  };
}
