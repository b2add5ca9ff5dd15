import { create, fromJsonString, toJsonString } from "@bufbuild/protobuf";
import { type Turn, TurnSchema, type Conversation, ConversationSchema } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import type { Redis } from "ioredis";

/** MAX_TURNS bounds the turns kept per conversation; older ones are dropped. */
const MAX_TURNS = 200;
const TTL_SECONDS = 30 * 24 * 3600;

/**
 * ConversationStore keeps conversations in Redis: `conv:{id}` holds the owner, `conv:{id}:turns` the
 * turns as JSON, oldest first; feedback goes to `feedback:{id}` and the `feedback` stream.
 */
export class ConversationStore {
  constructor(private readonly redis: Redis) {}

  /** owner returns the member who owns a conversation, or undefined when it does not exist. */
  async owner(conversationId: string): Promise<string | undefined> {
    return (await this.redis.hget(`conv:${conversationId}`, "member_id")) ?? undefined;
  }

  async recentTurns(conversationId: string, n: number): Promise<Turn[]> {
    const raw = await this.redis.lrange(`conv:${conversationId}:turns`, -n, -1);
    return raw.map((j) => fromJsonString(TurnSchema, j));
  }

  async appendTurn(conversationId: string, memberId: string, turn: Turn): Promise<void> {
    const key = `conv:${conversationId}`;
    await this.redis
      .multi()
      .hsetnx(key, "member_id", memberId)
      .hsetnx(key, "created", new Date().toISOString())
      .rpush(`${key}:turns`, toJsonString(TurnSchema, turn))
      .ltrim(`${key}:turns`, -MAX_TURNS, -1)
      .expire(key, TTL_SECONDS)
      .expire(`${key}:turns`, TTL_SECONDS)
      .exec();
  }

  async conversation(conversationId: string): Promise<Conversation | undefined> {
    const memberId = await this.owner(conversationId);
    if (memberId === undefined) return undefined;
    const turns = await this.recentTurns(conversationId, MAX_TURNS);
    return create(ConversationSchema, { conversationId, memberId, turns });
  }

  async addFeedback(f: { feedbackId: string; conversationId: string; turnId: string; memberId: string; rating: string; comment: string }): Promise<void> {
    const fields = ["conversation_id", f.conversationId, "turn_id", f.turnId, "member_id", f.memberId, "rating", f.rating, "comment", f.comment];
    await this.redis
      .multi()
      .hset(`feedback:${f.feedbackId}`, ...fields, "created", new Date().toISOString())
      .xadd("feedback", "MAXLEN", "~", "100000", "*", "feedback_id", f.feedbackId, ...fields)
      .exec();
  }
}
