import { notifyManager, QueryClientProvider } from "@tanstack/react-query";
import { act, createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { createQueryClient } from "../lib/query";
import { afterEach, beforeEach } from "vitest";

// React's act() needs this flag outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// TanStack Query tells components of an answer in a later task (setTimeout) by default; a microtask
// lets `await act(...)` see an answer that has arrived, as it sees a plain promise's.
notifyManager.setScheduler(queueMicrotask);

/**
 * A fresh React root in the document for each test of the calling `describe`, unmounted and
 * removed after it. Read `host` and `root` inside tests (they change per test). What it renders
 * sits in a fresh query cache (as main.tsx gives the app one), so no test sees another's answers.
 */
export function useDomRoot(): { readonly host: HTMLDivElement; readonly root: Root } {
  let host: HTMLDivElement | undefined;
  let root: Root | undefined;
  beforeEach(() => {
    host = document.createElement("div");
    document.body.append(host);
    const real = createRoot(host);
    const client = createQueryClient();
    root = {
      render: (children) => real.render(createElement(QueryClientProvider, { client }, children)),
      unmount: () => {
        real.unmount();
        client.clear();
      },
    };
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
