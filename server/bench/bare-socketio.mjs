// Baseline for bench:presence: a bare socket.io server doing the same fan-out
// (one room, one broadcast per command) with none of Bedside's work.
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on("connection", (socket) => {
  void socket.join("guests");
  socket.on("broadcast", (payload, ack) => {
    io.to("guests").emit("status", payload);
    ack?.(payload);
  });
});
http.listen(0, "127.0.0.1", () => {
  const addr = http.address();
  console.log(`listening ${typeof addr === "object" && addr ? addr.port : 0}`);
});
process.on("SIGTERM", () => io.close(() => process.exit(0)));
