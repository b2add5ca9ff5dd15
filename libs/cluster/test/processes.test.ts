import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { serviceEntry, startCluster } from "../src/index.js";

describe("service processes", () => {
  it("refuse to start on bad configuration, naming every bad variable", () => {
    const r = spawnSync(process.execPath, [serviceEntry("gateway")], {
      env: { ...process.env, PORT: "http", ROUTER_ADDR: "router", REDIS_URL: "http://nope" },
      encoding: "utf8",
      timeout: 10_000,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /PORT="http": not an integer/);
    assert.match(r.stderr, /ROUTER_ADDR="router": not host:port/);
    assert.match(r.stderr, /REDIS_URL="http:\/\/nope": scheme http: not allowed/);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, "no stack trace");
  });
});

describe("startCluster", function () {
  this.timeout(30_000);

  it("says why a service died before it was ready: its port was taken", async () => {
    const holder = createServer().listen(0, "127.0.0.1");
    await once(holder, "listening");
    const taken = (holder.address() as AddressInfo).port;
    try {
      await assert.rejects(
        startCluster({ only: ["member-graph"], ports: { "member-graph": taken } as never }),
        (e: Error) => /member-graph exited with code 1 before it was ready/.test(e.message) && /EADDRINUSE/.test(e.message),
      );
    } finally {
      holder.close();
    }
  });
});
