export * from "./ack.js";
export * from "./auth.js";
export * from "./findings.js";
export * from "./health.js";
export * from "./scribe.js";
export * from "./socket.js";
export * from "./visit.js";
export * from "./insights.js";
