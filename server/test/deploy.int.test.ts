// The deployment files (deploy/, issue 29), checked here where no container can run: compose.yaml
// against the server's own configuration parser, each LiveKit node's file against livekit-server's
// own parser, the alert rules and Prometheus' configuration with `promtool` (and the metrics they
// name against the API's and the worker's real /metrics), and the Dockerfile's pins against the
// repository's.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parser as promql } from "@prometheus-io/lezer-promql";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findLivekitBinary, freeTcpPort, LIVEKIT_VERSION } from "../../scripts/livekit.mjs";
import { envSchema, parseConfig, SECRET_VARIABLES } from "../src/config.js";
import { findingsEnvSchema } from "../src/findings/findings.config.js";
import { mailEnvSchema } from "../src/mail/mail.config.js";
import { messagingEnvSchema } from "../src/messaging/messaging.config.js";
import { retentionEnvSchema } from "../src/retention/retention.config.js";
import { scribeEnvSchema } from "../src/scribe/scribe.config.js";
import { logger } from "../src/scribe/worker/worker.log.js";
import { METRICS_EVENTS_ENV, startWorkerMetrics } from "../src/scribe/worker/worker.metrics.js";
import { startTestApp, type TestApp } from "./harness.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML: tests assert on shapes with expect().
type Yaml = Record<string, any>;

const root = path.resolve(import.meta.dirname, "../..");
const deploy = path.join(root, "deploy");
const read = (file: string) => readFileSync(path.join(deploy, file), "utf8");
const yamlOf = (file: string) => parse(read(file), { merge: true }) as Yaml;
const compose = yamlOf("compose.yaml");
const services = compose.services as Record<string, Yaml>;
const tmp = mkdtempSync(path.join(os.tmpdir(), "bedside-deploy-"));

/** deploy/.env.example's values, as compose would interpolate them. */
const example = Object.fromEntries(
  read(".env.example")
    .split("\n")
    .filter((l) => /^[A-Z_0-9]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
);
const interpolate = (v: string) =>
  v.replace(/\$\{([A-Z_0-9]+)\}/g, (_, name: string) => {
    expect(example, `.env.example sets ${name}`).toHaveProperty(name);
    return example[name]!;
  });

describe("deploy/compose.yaml", () => {
  it("is the clinic network's topology on one box", () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        "postgres",
        "redis",
        "livekit-1",
        "livekit-2",
        "api-1",
        "api-2",
        "worker-1",
        "worker-2",
        "caddy",
        "prometheus",
      ].sort(),
    );
    // Every image Bedside builds is a target of the Dockerfile.
    const targets = [...read("Dockerfile").matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);
    for (const s of Object.values(services).filter((s) => s.build)) expect(targets).toContain(s.build.target);
    // Every secret is a file, and .env.example says what it holds.
    for (const name of Object.keys(compose.secrets))
      expect(read(".env.example")).toMatch(new RegExp(`#\\s+${name}\\s`));
  });

  it("gives the API and workers only variables the server reads, with values it accepts", () => {
    const known = new Set([
      ...[
        envSchema,
        findingsEnvSchema,
        scribeEnvSchema,
        retentionEnvSchema,
        mailEnvSchema,
        messagingEnvSchema,
      ].flatMap((s) => Object.keys((s as unknown as { shape: object }).shape)),
      ...SECRET_VARIABLES.map((v) => `${v}_FILE`),
    ]);
    const secretValues: Record<string, string> = {
      database_url: "postgres://bedside:pw@postgres:5432/bedside",
      livekit_api_key: "bedside",
      livekit_api_secret: "a-livekit-secret-of-32-characters",
      mfa_secret_key: Buffer.alloc(32, 7).toString("base64url"),
      metrics_token: "a-metrics-token-of-32-characters",
      smtp_url: "smtp://user:pw@mail.example.org:587",
    };
    for (const name of ["api-1", "api-2", "worker-1", "worker-2"]) {
      const env = Object.fromEntries(
        Object.entries(services[name]!.environment as Record<string, string>).map(([k, v]) => [
          k,
          interpolate(v),
        ]),
      );
      expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
      // Each NAME_FILE points at a secret the service mounts; here, a file with a sample value.
      for (const [k, v] of Object.entries(env).filter(([k]) => k.endsWith("_FILE"))) {
        const secret = path.basename(v);
        expect(services[name]!.secrets).toContain(secret);
        env[k] = path.join(tmp, secret);
        writeFileSync(env[k], `${secretValues[secret]}\n`);
      }
      const config = parseConfig(env);
      expect(config.publicUrl).toBe("https://visits.example.org");
      expect(config.database).toMatchObject({ kind: "postgres" });
      expect(config.livekit.publicUrl).toBe("wss://rtc.example.org");
      expect(config.demo).toBeUndefined();
    }
  });

  it("points the API at Caddy's inside listeners, and LiveKit's webhooks too", () => {
    const caddy = read("Caddyfile");
    const api = services["api-1"]!.environment as Record<string, string>;
    const insidePort = (url: string) => {
      const u = new URL(url);
      expect(u.hostname).toBe("caddy");
      expect(caddy).toMatch(new RegExp(`^:${u.port} \\{`, "m"));
    };
    insidePort(api.LIVEKIT_URL!);
    for (const node of ["livekit-1.yaml", "livekit-2.yaml"])
      for (const url of yamlOf(node).webhook.urls) insidePort(url);
    // Every upstream Caddy names is a service of compose.yaml.
    for (const [, host] of caddy.matchAll(/\b([a-z0-9-]+):\d+\b/g))
      if (host !== "caddy") expect(services).toHaveProperty(host!);
  });
});

describe("deploy/livekit-N.yaml", () => {
  const binary = findLivekitBinary();

  it.each(["livekit-1.yaml", "livekit-2.yaml"])("%s is read by livekit-server's own parser", (file) => {
    expect(binary, "livekit-server is installed (pnpm setup)").toBeTruthy();
    const keys = path.join(tmp, "livekit_keys");
    writeFileSync(keys, "bedside: a-livekit-secret-of-32-characters\n", { mode: 0o600 });
    const config = path.join(tmp, file);
    writeFileSync(config, read(file).replace("/run/secrets/livekit_keys", keys));
    const out = spawnSync(binary!, ["--config", config, "ports"], {
      encoding: "utf8",
      env: { UDP_PORT: "7882" },
    });
    const printed = out.stdout + out.stderr;
    expect(printed).not.toMatch(/could not parse/i);
    const node = yamlOf(file);
    expect(printed).toContain(`${node.turn.tls_port} - TURN/TLS`);
    expect(printed).toContain(`${node.turn.udp_port} - TURN/UDP`);
    expect(node.redis.address).toBe("redis:6379");
  });

  it("the nodes differ only in TURN's name and ports, which compose publishes", () => {
    const [one, two] = ["livekit-1.yaml", "livekit-2.yaml"].map(yamlOf) as [Yaml, Yaml];
    const withoutTurnAddress = ({
      turn: { domain: _d, tls_port: _t, udp_port: _u, ...turn },
      ...rest
    }: Yaml) => ({
      ...rest,
      turn,
    });
    expect(withoutTurnAddress(one)).toEqual(withoutTurnAddress(two));
    expect(services["livekit-1"]!.ports).toContain(`${one.turn.tls_port}:${one.turn.tls_port}`);
    expect(services["livekit-2"]!.ports).toContain(`${two.turn.tls_port}:${two.turn.tls_port}`);
    expect(services["livekit-2"]!.ports).toContain(`${two.turn.udp_port}:${two.turn.udp_port}/udp`);
  });
});

/**
 * Prometheus' own checker, from Debian's `prometheus` package (`node scripts/bedside.mjs test`
 * installs it). Debian 12 ships 2.42, compose runs Prometheus 3: the files use nothing either lacks.
 */
function promtool(args: string[], cwd: string) {
  const out = spawnSync("promtool", args, { cwd, encoding: "utf8" });
  if (out.error) throw new Error(`promtool: ${out.error.message} (apt-get install prometheus)`);
  return { status: out.status, printed: out.stdout + out.stderr };
}

describe("deploy/alerts.yml and prometheus.yml", () => {
  let t: TestApp | undefined;
  let worker: Awaited<ReturnType<typeof startWorkerMetrics>> | undefined;
  afterAll(async () => {
    await worker?.close();
    delete process.env[METRICS_EVENTS_ENV];
    await t?.close();
  });

  it("promtool: the rules and the configuration check, and each scribe alert fires in its unit test", () => {
    const rules = promtool(["check", "rules", "alerts.yml"], deploy);
    expect(rules.printed).toMatch(/SUCCESS: \d+ rules found/);
    expect(rules.status, rules.printed).toBe(0);
    // The configuration names the files compose mounts: here, copies at those names' places.
    const dir = mkdtempSync(path.join(tmp, "prometheus-"));
    writeFileSync(path.join(dir, "alerts.yml"), read("alerts.yml"));
    writeFileSync(path.join(dir, "metrics_token"), "a-metrics-token-of-32-characters\n");
    const config = read("prometheus.yml")
      .replace("/etc/prometheus/alerts.yml", path.join(dir, "alerts.yml"))
      .replaceAll("/run/secrets/metrics_token", path.join(dir, "metrics_token"));
    expect(config).not.toMatch(/\/etc\/prometheus|\/run\/secrets/);
    writeFileSync(path.join(dir, "prometheus.yml"), config);
    const checked = promtool(["check", "config", "prometheus.yml"], dir);
    expect(checked.printed).toContain("SUCCESS: 1 rule files found");
    expect(checked.status, checked.printed).toBe(0);
    const tested = promtool(["test", "rules", "alerts.test.yml"], deploy);
    expect(tested.status, tested.printed).toBe(0);
    expect(tested.printed).toContain("SUCCESS");
    // Every scribe alert has a case in the unit tests.
    const tests = read("alerts.test.yml");
    for (const { alert } of yamlOf("alerts.yml").groups.find((g: Yaml) => g.name === "bedside-scribe").rules)
      expect(tests, alert).toContain(`alertname: ${alert}`);
  });

  it("every expression parses, and every bedside_ metric it names is one the API's or a worker's /metrics exports", async () => {
    t = await startTestApp();
    const workerPort = await freeTcpPort();
    worker = await startWorkerMetrics({
      host: "127.0.0.1",
      port: workerPort,
      token: undefined,
      jobsRunning: () => 0,
      log: logger({ role: "test" }),
    });
    // Every family the API and the worker declare, with the series names a histogram's family stands for.
    const families = async (url: string) =>
      [...(await (await fetch(url)).text()).matchAll(/^# TYPE (bedside_\w+) (\w+)$/gm)].flatMap(
        ([, name, type]) =>
          type === "histogram" ? ["_bucket", "_sum", "_count"].map((s) => name + s) : [name],
      );
    const exported = new Set([
      ...(await families(`${t.url}/metrics`)),
      ...(await families(`http://127.0.0.1:${workerPort}/metrics`)),
    ]);
    expect(exported).toContain("bedside_scribe_stt_latency_seconds_bucket");
    const rules = yamlOf("alerts.yml").groups.flatMap(
      (g: { rules: { alert: string; expr: string }[] }) => g.rules,
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const { alert, expr } of rules) {
      const names: string[] = [];
      let errors = 0;
      promql.parse(expr).iterate({
        enter: (n) => {
          if (n.type.isError) errors++;
          if (n.name === "Identifier") names.push(expr.slice(n.from, n.to));
        },
      });
      expect(errors, `${alert} parses`).toBe(0);
      for (const name of names.filter((n) => n.startsWith("bedside_")))
        expect(exported, alert).toContain(name);
    }
    // Prometheus scrapes both API instances, both workers (on the port compose gives them) and both
    // LiveKit nodes, and loads these rules.
    const prometheus = yamlOf("prometheus.yml");
    expect(prometheus.rule_files).toEqual(["/etc/prometheus/alerts.yml"]);
    const targets = prometheus.scrape_configs.flatMap((s: Yaml) =>
      s.static_configs.flatMap((c: Yaml) => c.targets),
    );
    expect(targets).toEqual(
      expect.arrayContaining(["api-1:3000", "api-2:3000", "livekit-1:6789", "livekit-2:6789"]),
    );
    for (const worker of ["worker-1", "worker-2"]) {
      const env = services[worker]!.environment as Record<string, string>;
      expect(env.WORKER_METRICS_PORT, worker).toBeDefined();
      expect(targets).toContain(`${worker}:${env.WORKER_METRICS_PORT}`);
    }
    // Every job of Bedside's own sends the metrics token.
    for (const job of prometheus.scrape_configs.filter((s: Yaml) => s.job_name.startsWith("bedside-")))
      expect(job.authorization, job.job_name).toEqual({ credentials_file: "/run/secrets/metrics_token" });
  });
});

describe("deploy/Dockerfile", () => {
  it("pins the versions the repository pins", () => {
    const dockerfile = read("Dockerfile");
    const arg = (name: string) => dockerfile.match(new RegExp(`^ARG ${name}=(\\S+)$`, "m"))?.[1];
    expect(arg("LIVEKIT_VERSION")).toBe(LIVEKIT_VERSION);
    const rootPackage = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    expect(`pnpm@${arg("PNPM_VERSION")}`).toBe(rootPackage.packageManager);
    const nodeMajor = Number(arg("NODE_IMAGE")?.match(/^node:(\d+)/)?.[1]);
    expect(nodeMajor).toBeGreaterThanOrEqual(Number(rootPackage.engines.node.match(/\d+/)[0]));
    // COPY --from names a stage of this file.
    const stages = [...dockerfile.matchAll(/ AS (\S+)$/gm)].map((m) => m[1]);
    for (const [, from] of dockerfile.matchAll(/COPY --from=(\S+)/g)) expect(stages).toContain(from);
  });
});
