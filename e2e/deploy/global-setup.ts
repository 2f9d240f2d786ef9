import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startCluster } from "../../scripts/cluster.mjs";
import { cluster } from "./cluster";

/**
 * One cluster for every deployment spec, in a fresh state folder (its own PostgreSQL data and CA).
 * The specs read what runs where from BEDSIDE_CLUSTER (cluster.json's path: it is rewritten when
 * a worker is started again); set it yourself to run them against a cluster you started.
 */
export default async function globalSetup() {
  // A cluster already running (`bedside.mjs cluster`, its .data/cluster/cluster.json): used as it is.
  if (process.env.BEDSIDE_CLUSTER) {
    process.env.BEDSIDE_SCRIBE_LOG = cluster().workerLog;
    // The test workers start after this: their own HTTPS requests trust the cluster's CA.
    process.env.NODE_EXTRA_CA_CERTS = cluster().caRoot;
    return;
  }
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "bedside-deploy-cluster-"));
  const started = Date.now();
  const running = await startCluster({
    stateDir,
    // An abandoned call ends within the failover test's time.
    apiEnv: { CALL_EMPTY_END_SECONDS: "15", DRAIN_SECONDS: "2" },
    log: (msg) => console.log(`cluster: ${msg}`),
  }).catch((err: unknown) => {
    if (!process.env.BEDSIDE_KEEP_CLUSTER) rmSync(stateDir, { recursive: true, force: true });
    throw err;
  });
  console.log(`cluster: up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${running.url}`);
  process.env.BEDSIDE_CLUSTER = running.stateFile;
  process.env.BEDSIDE_SCRIBE_LOG = running.workerLog;
  process.env.NODE_EXTRA_CA_CERTS = running.caRoot;
  return async () => {
    const stopping = Date.now();
    await running.stop();
    console.log(`cluster: stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
    if (!process.env.BEDSIDE_KEEP_CLUSTER) rmSync(stateDir, { recursive: true, force: true });
  };
}
