import type { Client, HandlerContext } from "@connectrpc/connect";
import { ContentKind, type ContentRef } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import type { CompanyService, JobService, PeopleService, PostService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { Code, ConnectError, downstream, ExpiringCache, invalidArgument, notFound } from "@springboard/runtime";

export interface MemberGraph {
  jobs: Client<typeof JobService>;
  posts: Client<typeof PostService>;
  companies: Client<typeof CompanyService>;
  people: Client<typeof PeopleService>;
}

export type ContentResolver = (ref: ContentRef | undefined, ctx: HandlerContext) => Promise<ContentRef | undefined>;

/**
 * cachedContentResolver is resolveContent with the titles it found kept for ttlMs (0 keeps none),
 * up to maxEntries, the oldest dropped first: members ask many questions next to the same popular
 * jobs and posts, and each lookup is an RPC on the path to the first token. Content that does not
 * exist is never cached, so content created a moment ago is found; content deleted within ttlMs
 * is still answered about.
 */
export function cachedContentResolver(graph: MemberGraph, ttlMs: number, maxEntries = 10_000): ContentResolver {
  const titles = new ExpiringCache<string, string>(ttlMs, maxEntries);
  return async (ref, ctx) => {
    if (!ref?.id) return resolveContent(graph, ref, ctx);
    const title = await titles.remember(`${ref.kind}:${ref.id}`, async () => (await resolveContent(graph, ref, ctx))!.title);
    return { ...ref, title };
  };
}

/**
 * resolveContent checks that the content a question is asked next to exists, and returns its
 * display title: a question about a job that does not exist gets NOT_FOUND, not a made-up answer.
 */
export async function resolveContent(graph: MemberGraph, ref: ContentRef | undefined, ctx: HandlerContext): Promise<ContentRef | undefined> {
  if (!ref || (ref.kind === ContentKind.UNSPECIFIED && !ref.id)) return undefined;
  if (!ref.id) throw invalidArgument("context.id is empty; send the id of the job, post, company or profile");
  if (ref.id.length > 128) throw invalidArgument("context.id is longer than 128 characters");
  const opts = downstream(ctx, 2_000);
  const found = async (): Promise<string> => {
    switch (ref.kind) {
      case ContentKind.JOB: {
        const { job } = await graph.jobs.getJob({ jobId: ref.id }, opts);
        return job ? `${job.title} at ${job.companyName}` : "";
      }
      case ContentKind.POST:
        return (await graph.posts.getPost({ postId: ref.id }, opts)).post?.title ?? "";
      case ContentKind.COMPANY:
        return (await graph.companies.getCompany({ company: ref.id }, opts)).company?.name ?? "";
      case ContentKind.PROFILE:
        return (await graph.people.getProfile({ memberId: ref.id }, opts)).member?.name ?? "";
      default:
        throw invalidArgument(`context.kind is unset for id "${ref.id}"; say whether it is a job, post, company or profile`);
    }
  };
  try {
    return { ...ref, title: await found() };
  } catch (e) {
    const err = ConnectError.from(e);
    if (err.code === Code.NotFound) throw notFound(`${ContentKind[ref.kind].toLowerCase()} "${ref.id}" does not exist`);
    throw err;
  }
}
