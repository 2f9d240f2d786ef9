import { lazy, Suspense, type ComponentProps } from "react";

/**
 * The call view with LiveKit (most of the app's code) in a chunk of its own, so a patient on a
 * weak connection gets check-in and the waiting room first. Waiting screens call
 * `preloadCallView` so the chunk is there by the time someone is admitted.
 */
const load = () => import("./CallView");
const CallViewChunk = lazy(() => load().then((m) => ({ default: m.CallView })));

export function preloadCallView(): void {
  void load();
}

export function CallView(props: ComponentProps<typeof CallViewChunk>) {
  return (
    <Suspense
      fallback={
        <main className="page" aria-busy="true">
          <p className="muted">Joining the call…</p>
        </main>
      }
    >
      <CallViewChunk {...props} />
    </Suspense>
  );
}
