import type { ScribeScope, ScribeState } from "@bedside/shared";
import { useCallback, useEffect, useState } from "react";
import { command, type BedsideSocket } from "../../lib/socket";

/**
 * The scribe indicator's state for one visit, live, on the socket the page already holds (one
 * connection per person): `app/` passes it in, so this feature does not reach into another
 * feature's store. Only this hook's own listeners are added, and removed again on unmount.
 */
export function useScribe({ socket, visitId }: { socket: BedsideSocket | undefined; visitId?: string }) {
  const [state, setState] = useState<ScribeState>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!socket) return;
    let mounted = true;
    // The clinician's socket stays in the rooms of earlier calls: keep to this visit's changes.
    let watching = visitId;
    const watch = () =>
      command(socket, "scribe:watch", visitId ? { visitId } : {}).then(
        (next) => {
          if (!mounted) return;
          watching = next.visitId;
          setState(next);
        },
        (err: Error) => {
          if (mounted) setError(err.message);
        },
      );
    // A reconnect may land on a server that has forgotten the watch: ask again.
    const onConnect = () => void watch();
    const onChanged = (next: ScribeState) => {
      if (!watching || next.visitId === watching) setState(next);
    };
    socket.on("connect", onConnect);
    socket.on("scribe:changed", onChanged);
    if (socket.connected) void watch();
    return () => {
      mounted = false;
      socket.off("connect", onConnect);
      socket.off("scribe:changed", onChanged);
    };
  }, [socket, visitId]);

  const act = useCallback(
    async (event: "scribe:pause" | "scribe:resume", scope: ScribeScope) => {
      if (!socket) return;
      setError(undefined);
      try {
        setState(await command(socket, event, visitId ? { scope, visitId } : { scope }));
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [socket, visitId],
  );
  /** Withdraw consent for one's own voice for the rest of the visit; optionally delete what was written down. */
  const withdraw = useCallback(
    async (deleteMine: boolean) => {
      if (!socket) return;
      setError(undefined);
      try {
        setState(
          await command(socket, "scribe:withdraw", visitId ? { visitId, deleteMine } : { deleteMine }),
        );
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [socket, visitId],
  );
  return { state, error, act, withdraw };
}
