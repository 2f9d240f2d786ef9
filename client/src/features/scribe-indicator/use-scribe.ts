import type { ScribeScope, ScribeState } from "@bedside/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { command, connectSocket, type BedsideSocket } from "../../lib/socket";

/**
 * The scribe indicator's state for one visit, live: its own socket (cookie for the clinician, the
 * check-in secret for a guest) so the feature does not reach into another feature's store.
 */
export function useScribe({ participantToken, visitId }: { participantToken?: string; visitId?: string }) {
  const [state, setState] = useState<ScribeState>();
  const [error, setError] = useState<string>();
  const socket = useRef<BedsideSocket>(undefined);

  useEffect(() => {
    const s = connectSocket(participantToken);
    socket.current = s;
    const watch = () =>
      command(s, "scribe:watch", visitId ? { visitId } : {}).then(setState, (err: Error) =>
        setError(err.message),
      );
    s.on("connect", () => void watch());
    s.on("scribe:changed", (next) => setState(next));
    return () => {
      s.disconnect();
      socket.current = undefined;
    };
  }, [participantToken, visitId]);

  const act = useCallback(
    async (event: "scribe:pause" | "scribe:resume", scope: ScribeScope) => {
      if (!socket.current) return;
      setError(undefined);
      try {
        setState(await command(socket.current, event, visitId ? { scope, visitId } : { scope }));
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [visitId],
  );
  return { state, error, act };
}
