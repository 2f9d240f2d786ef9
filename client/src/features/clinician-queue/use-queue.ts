import { useEffect } from "react";
import { connectSocket } from "../../lib/socket";
import { useQueueStore } from "./queue-store";

/** Keeps the queue store in step with the server for as long as the component is mounted. */
export function useQueue(): void {
  useEffect(() => {
    const { setLink, setSnapshot } = useQueueStore.getState();
    const socket = connectSocket();
    const watch = () =>
      socket.emit("queue:watch", {}, (ack) => {
        if (ack.ok) setSnapshot(ack.data);
        else setLink("failed", ack.error.message);
      });
    socket.on("connect", watch);
    socket.on("queue:changed", setSnapshot);
    socket.on("disconnect", () => setLink("reconnecting"));
    socket.on("connect_error", (err) =>
      setLink(err.message === "unauthorized" ? "failed" : "reconnecting", err.message),
    );
    return () => {
      socket.disconnect();
    };
  }, []);
}
