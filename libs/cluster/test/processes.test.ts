import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { serviceEntry } from "../src/index.js";

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
