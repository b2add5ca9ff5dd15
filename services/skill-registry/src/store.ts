import { fromJson } from "@bufbuild/protobuf";
import { SkillDefinitionSchema, type SkillDefinition } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import type { Logger } from "@springboard/runtime";
import type { Redis } from "ioredis";
import { canonicalBody, errorText, normalizeDefinition } from "./definitions.js";

/**
 * Redis layout, under a prefix (default "skills"):
 *   skills:def:<name>   hash {body: canonical JSON without version, version}
 *   skills:index        set of names
 *   skills:versions     hash name -> last version given, so versions keep rising across removals
 *   skills:changes      counter bumped on every change
 *   skills:changed      pub/sub channel, one JSON message {op, name, version} per change
 */

const PUT = `
local body = redis.call('HGET', KEYS[1], 'body')
if body == ARGV[2] then
  redis.call('SADD', KEYS[2], ARGV[1])
  return {0, tonumber(redis.call('HGET', KEYS[1], 'version'))}
end
local v = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('HSET', KEYS[1], 'body', ARGV[2], 'version', v)
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('INCR', KEYS[4])
redis.call('PUBLISH', ARGV[3], cjson.encode({op = 'put', name = ARGV[1], version = v}))
return {1, v}
`;

const REMOVE = `
local existed = redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
if existed == 1 then
  redis.call('INCR', KEYS[3])
  redis.call('PUBLISH', ARGV[2], cjson.encode({op = 'remove', name = ARGV[1]}))
end
return existed
`;

export type SkillChange = { op: "put"; skill: SkillDefinition } | { op: "remove"; name: string };

export interface SkillStoreOptions {
  prefix?: string;
  /** pollMs is how often the change counter is checked, to catch a missed pub/sub message. */
  pollMs?: number;
  logger?: Logger;
}

/**
 * SkillStore keeps skill definitions in Redis and a copy in memory that follows every change made
 * by any replica: a change is published at once, and a change counter is polled as a safety net.
 */
export class SkillStore {
  private readonly skills = new Map<string, SkillDefinition>();
  private readonly listeners: ((c: SkillChange) => void)[] = [];
  private readonly prefix: string;
  private subscriber: Redis | undefined;
  private poller: NodeJS.Timeout | undefined;
  private seenChanges = "";

  constructor(
    private readonly redis: Redis,
    private readonly opts: SkillStoreOptions = {},
  ) {
    this.prefix = opts.prefix ?? "skills";
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(":");
  }

  /** start loads every definition and follows changes from other replicas. */
  async start(): Promise<void> {
    const sub = this.redis.duplicate();
    this.subscriber = sub;
    sub.on("message", (_channel: string, message: string) => void this.onMessage(message));
    sub.on("error", (e: unknown) => this.opts.logger?.warn({ err: errorText(e) }, "skill change subscription failed"));
    await sub.subscribe(this.key("changed"));
    sub.on("ready", () => void this.reloadAll().catch(() => undefined));
    await this.reloadAll();
    const pollMs = this.opts.pollMs ?? 5_000;
    if (pollMs > 0) {
      this.poller = setInterval(() => void this.poll(), pollMs);
      this.poller.unref();
    }
  }

  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    if (this.subscriber) {
      this.subscriber.disconnect();
      this.subscriber = undefined;
    }
  }

  onChange(listener: (c: SkillChange) => void): void {
    this.listeners.push(listener);
  }

  /** get returns a definition from memory. */
  get(name: string): SkillDefinition | undefined {
    return this.skills.get(name);
  }

  /** fetch returns a definition from memory, or from Redis when a change has not arrived yet. */
  async fetch(name: string): Promise<SkillDefinition | undefined> {
    return this.skills.get(name) ?? (await this.reload(name));
  }

  list(): SkillDefinition[] {
    return [...this.skills.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** put stores a validated definition; an identical one keeps its version and reports changed=false. */
  async put(def: SkillDefinition): Promise<{ skill: SkillDefinition; changed: boolean }> {
    const body = canonicalBody(def);
    const [changed, version] = (await this.redis.eval(
      PUT,
      4,
      this.key("def", def.name),
      this.key("index"),
      this.key("versions"),
      this.key("changes"),
      def.name,
      body,
      this.key("changed"),
    )) as [number, number];
    const skill = normalizeDefinition(def);
    skill.version = version;
    this.apply({ op: "put", skill }, changed === 1 || !this.skills.has(def.name));
    return { skill, changed: changed === 1 };
  }

  async remove(name: string): Promise<boolean> {
    const existed = (await this.redis.eval(REMOVE, 3, this.key("def", name), this.key("index"), this.key("changes"), name, this.key("changed"))) as number;
    this.apply({ op: "remove", name }, this.skills.has(name));
    return existed === 1;
  }

  private apply(change: SkillChange, notify: boolean): void {
    if (change.op === "put") {
      const current = this.skills.get(change.skill.name);
      if (current && current.version > change.skill.version) return;
      this.skills.set(change.skill.name, change.skill);
    } else this.skills.delete(change.name);
    if (notify) for (const l of this.listeners) l(change);
  }

  private async onMessage(message: string): Promise<void> {
    try {
      const { name } = JSON.parse(message) as { name: string };
      await this.reload(name);
    } catch (e) {
      this.opts.logger?.warn({ err: errorText(e) }, "skill change not applied; reloading all");
      await this.reloadAll().catch(() => undefined);
    }
  }

  private async reload(name: string): Promise<SkillDefinition | undefined> {
    const h = await this.redis.hgetall(this.key("def", name));
    if (!h.body) {
      if (this.skills.has(name)) this.apply({ op: "remove", name }, true);
      return undefined;
    }
    const skill = this.decode(name, h.body, Number(h.version));
    if (!skill) return undefined;
    const current = this.skills.get(name);
    if (!current || current.version !== skill.version) this.apply({ op: "put", skill }, true);
    return this.skills.get(name);
  }

  /** reloadAll replaces the memory copy with what Redis holds. */
  async reloadAll(): Promise<void> {
    this.seenChanges = (await this.redis.get(this.key("changes"))) ?? "";
    const names = await this.redis.smembers(this.key("index"));
    const present = new Set<string>();
    for (const name of names) if (await this.reload(name)) present.add(name);
    for (const name of [...this.skills.keys()]) if (!present.has(name)) this.apply({ op: "remove", name }, true);
  }

  private async poll(): Promise<void> {
    try {
      const changes = (await this.redis.get(this.key("changes"))) ?? "";
      if (changes !== this.seenChanges) await this.reloadAll();
    } catch (e) {
      this.opts.logger?.warn({ err: errorText(e) }, "skill change poll failed");
    }
  }

  private decode(name: string, body: string, version: number): SkillDefinition | undefined {
    try {
      const skill = fromJson(SkillDefinitionSchema, JSON.parse(body) as never, { ignoreUnknownFields: true });
      skill.version = version;
      return skill;
    } catch (e) {
      this.opts.logger?.error({ skill: name, err: errorText(e) }, "stored skill definition is unreadable; skipping it");
      return undefined;
    }
  }
}

