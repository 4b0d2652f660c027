// What a topic is, as the user types it: the name a client's path is matched against
// (`/rooms/{roomId}`, `/rooms/{roomId}/*`, the catch-all `/*`), the URL mapping that is
// appended to the endpoint for its traffic, and the operations it allows. Pure zod, so the
// Topics page validates as the user adds a topic and the server checks the same rules.
import { z } from "zod";

export const catchAllTopic = "/*";

const literalSegment = /^[A-Za-z0-9_.~!$&'()+,;=:@%-]+$/;
const paramSegment = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The `{param}` names in a topic name or URL mapping, in order. */
export function topicParams(text: string): string[] {
  return [...text.matchAll(/\{([^{}/]*)\}/g)].map((m) => m[1]);
}

/** Why a topic name is not valid, or null. The gateway (gateway/config/topics.ts) reads names this shape. */
export function topicNameProblem(name: string): string | null {
  if (name === catchAllTopic) return null;
  if (!name.startsWith("/")) return "A topic starts with '/', such as /rooms/{roomId}.";
  if (name === "/") return "A topic needs a segment after '/', or is /* for every path.";
  const segments = name.slice(1).split("/");
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === "") return "A topic has no empty segments ('//' or a trailing '/').";
    if (segment === "*") {
      if (!last) return "'*' can only be the last segment, as in /rooms/*.";
      continue;
    }
    if (segment === "." || segment === "..") return "Topic segments cannot be '.' or '..'.";
    if (segment.includes("{") || segment.includes("}")) {
      if (!paramSegment.test(segment)) return `${segment} is not a parameter: write a whole segment as {name}, letters, digits and '_'.`;
      continue;
    }
    if (!literalSegment.test(segment)) return `${segment} has characters a path segment cannot have.`;
  }
  const params = topicParams(name);
  const twice = params.find((p, i) => params.indexOf(p) !== i);
  if (twice) return `The parameter {${twice}} appears twice.`;
  return null;
}

/** Two names with the same shape match the same paths: `/rooms/{a}` and `/rooms/{b}`. */
export function topicShape(name: string): string {
  return name.replace(/\{[^{}/]*\}/g, "{}");
}

/** Why a URL mapping is not valid for a topic of this name, or null. */
export function urlMappingProblem(mapping: string, topicName: string): string | null {
  if (!mapping.startsWith("/")) return "A URL mapping starts with '/', such as /notifications/{roomId}.";
  if (/\s/.test(mapping)) return "A URL mapping has no spaces.";
  if (!/^[A-Za-z0-9_.~!$&'()*+,;=:@%/?{}-]+$/.test(mapping)) return "A URL mapping has characters a URL path cannot have.";
  const known = new Set(topicParams(topicName));
  for (const p of topicParams(mapping)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) return `{${p}} is not a parameter name.`;
    if (!known.has(p)) return `{${p}} is not a parameter of ${topicName}.`;
  }
  return null;
}

export const ZTopic = z
  .object({
    name: z.string().trim().min(1, "Topic name is required.").max(200, "A topic name can have at most 200 characters."),
    publish: z.boolean(),
    subscribe: z.boolean(),
    urlMapping: z
      .string()
      .trim()
      .max(400, "A URL mapping can have at most 400 characters.")
      .transform((m) => (m === "" ? null : m))
      .nullable()
      .default(null),
    description: z.string().trim().max(500, "A description can have at most 500 characters.").default(""),
  })
  .superRefine((t, ctx) => {
    const nameProblem = topicNameProblem(t.name);
    if (nameProblem) ctx.addIssue({ code: "custom", path: ["name"], message: nameProblem });
    if (!t.publish && !t.subscribe) ctx.addIssue({ code: "custom", path: ["types"], message: "Choose Publish, Subscribe or both." });
    if (t.urlMapping !== null && !nameProblem) {
      const mappingProblem = urlMappingProblem(t.urlMapping, t.name);
      if (mappingProblem) ctx.addIssue({ code: "custom", path: ["urlMapping"], message: mappingProblem });
    }
  });
export type TopicInput = z.input<typeof ZTopic>;
export type Topic = z.output<typeof ZTopic>;

/** A whole topic list, as the Topics page saves it: every topic valid, no name twice. */
export const ZTopicList = z
  .array(ZTopic)
  .min(1, "An API needs at least one topic; /* takes every path.")
  .max(200, "At most 200 topics.")
  .superRefine((topics, ctx) => {
    const seen = new Map<string, string>();
    for (const [i, t] of topics.entries()) {
      const key = topicShape(t.name);
      const earlier = seen.get(key);
      if (earlier === t.name) ctx.addIssue({ code: "custom", path: [i, "name"], message: `The topic ${t.name} is listed twice.` });
      else if (earlier) ctx.addIssue({ code: "custom", path: [i, "name"], message: `The topic ${t.name} matches the same paths as ${earlier}.` });
      else seen.set(key, t.name);
    }
  });
