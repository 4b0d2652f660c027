// The AsyncAPI definition of a WebSocket API: generated from its topics, editable by its
// creator, validated with @asyncapi/parser, and read by the Developer Portal's docs.
//
// Duplex writes AsyncAPI 2.6 (what WSO2 API Manager writes), where a channel's `publish`
// operation is what clients send to the API and `subscribe` what they receive. Imported 3.0
// documents map `receive` (the API receives) to Publish and `send` to Subscribe.
import { Parser, type AsyncAPIDocumentInterface } from "@asyncapi/parser";
import YAML from "yaml";
import { config } from "./config";
import { db } from "./db";
import { DuplexError } from "./errors";
import { defaultEnvironment, getEnvironment, settingsEnvironment, type EnvironmentUrls } from "./environments";
import { gatewayUrls } from "./gateway-urls";
import { z } from "zod";
import { isTag, maxTags } from "./api-info";
import { createApi, ZApiContext, ZApiName, ZApiVersion, ZWebSocketEndpoint } from "./apis";
import { assertRole, type Actor } from "./roles";
import { recordAudit } from "./audit";
import { topicNameProblem, topicParams } from "./topic-name";

export interface DefinitionError {
  message: string;
  /** 1-based line of the text, when the parser knows it. */
  line?: number;
  path: string;
}

interface TopicShape {
  name: string;
  publish: boolean;
  subscribe: boolean;
  urlMapping: string | null;
  description: string;
}

// Loading the parser costs about half a second: once per process, on first use.
let parser: Parser | undefined;
const getParser = () => (parser ??= new Parser());

export async function parseDefinition(text: string): Promise<{ document?: AsyncAPIDocumentInterface; errors: DefinitionError[] }> {
  const { document, diagnostics } = await getParser().parse(text);
  // A rule that crashes reports its stack in the message: keep the sentence, not the stack.
  const errors = diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => ({ message: d.message.split(", stack:")[0], line: d.range ? d.range.start.line + 1 : undefined, path: d.path.join(".") }));
  return { document: errors.length ? undefined : document, errors };
}

const defaultMessage = { payload: { type: "string" } };

/** The document for an API: the saved one as a base (2.x only), its servers, info and channels made to match the API. */
export function generateDefinition(api: {
  name: string;
  version: string;
  description: string;
  tags?: string[];
  /** Where the API is deployed, with where clients reach it; Production as the settings have it unless told. */
  environments?: (EnvironmentUrls & { name: string })[];
  context: string;
  topics: TopicShape[];
  asyncApiDefinition: string | null;
}) {
  let base: Record<string, any> = {};
  if (api.asyncApiDefinition) {
    try {
      const stored = YAML.parse(api.asyncApiDefinition);
      if (stored && typeof stored === "object" && String(stored.asyncapi ?? "").startsWith("2.")) base = stored;
    } catch {
      // A stored document that no longer parses is regenerated from the topics.
    }
  }
  // A server per environment the API is deployed to (the Publisher's view: Production), ws and wss.
  const servers: Record<string, { url: string; protocol: string; security: object[] }> = {};
  for (const environment of api.environments ?? [settingsEnvironment("Production")]) {
    const urls = gatewayUrls(api, environment);
    const name = environment.name.toLowerCase();
    const security = [{ oauth2: [] }, { accessToken: [] }];
    servers[name] = { url: urls.ws.replace(/^ws:\/\//, ""), protocol: "ws", security };
    if (urls.wss) servers[`${name}-secure`] = { url: urls.wss.replace(/^wss:\/\//, ""), protocol: "wss", security };
  }
  const oldChannels: Record<string, any> = base.channels ?? {};
  const channels: Record<string, any> = {};
  for (const topic of api.topics) {
    const channel: Record<string, any> = { ...(oldChannels[topic.name] ?? {}) };
    if (topic.description) channel.description = topic.description;
    for (const op of ["publish", "subscribe"] as const) {
      if (topic[op]) channel[op] = channel[op] ?? { message: defaultMessage };
      else delete channel[op];
    }
    const params = topicParams(topic.name);
    if (params.length) channel.parameters = Object.fromEntries(params.map((p) => [p, channel.parameters?.[p] ?? { schema: { type: "string" } }]));
    else delete channel.parameters;
    if (topic.urlMapping) channel["x-uri-mapping"] = topic.urlMapping;
    else delete channel["x-uri-mapping"];
    channels[topic.name] = channel;
  }
  return {
    ...base,
    asyncapi: "2.6.0",
    info: { ...(base.info ?? {}), title: api.name, version: api.version, ...(api.description ? { description: api.description } : {}) },
    // 2.x keeps tags at the root; the API's own tags replace the document's.
    ...(api.tags?.length ? { tags: api.tags.map((name) => ({ name })) } : { tags: undefined }),
    servers,
    channels,
    components: {
      ...(base.components ?? {}),
      securitySchemes: {
        oauth2: {
          type: "oauth2",
          description: "An access token of a subscribed application, sent as `Authorization: Bearer <token>`.",
          flows: { clientCredentials: { tokenUrl: `${config().PORTAL_URL}/oauth2/token`, scopes: {} } },
        },
        accessToken: { type: "httpApiKey", in: "query", name: "access_token", description: "The same token as a query parameter, for clients that cannot set headers." },
      },
    },
  };
}

async function apiForDefinition(actor: Actor, apiId: string) {
  assertRole(actor, "CREATOR", "PUBLISHER");
  const api = await db.api.findUnique({ where: { id: apiId }, include: { topics: { orderBy: { name: "asc" } } } });
  if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
  return api;
}

export async function definitionText(actor: Actor, apiId: string): Promise<string> {
  return YAML.stringify((await publisherDefinition(actor, apiId)).document);
}

/** The definition the Publisher edits (2.6), for the Publisher's view: Production, where Publish deploys. */
export async function publisherDefinition(actor: Actor, apiId: string) {
  const api = await apiForDefinition(actor, apiId);
  return { api, document: generateDefinition({ ...api, environments: [await getEnvironment(defaultEnvironment)] }) };
}

/** The topics a valid document describes, one per channel. */
export function topicsOf(document: AsyncAPIDocumentInterface): TopicShape[] {
  return document.channels().all().map((channel) => {
    const actions = channel.operations().all().map((o) => o.action());
    const mapping = channel.extensions().get("x-uri-mapping")?.value();
    return {
      name: channel.address() ?? channel.id(),
      publish: actions.includes("publish") || actions.includes("receive"),
      subscribe: actions.includes("subscribe") || actions.includes("send"),
      urlMapping: typeof mapping === "string" && mapping ? mapping : null,
      description: channel.description() ?? "",
    };
  });
}

/** Why these topics (from a valid document) cannot be an API's: names the gateway cannot route, channels with no operation. */
function topicErrors(topics: TopicShape[]): DefinitionError[] {
  const errors: DefinitionError[] = [];
  for (const t of topics) {
    const problem = topicNameProblem(t.name);
    if (problem) errors.push({ message: `Channel ${t.name}: ${problem}`, path: `channels.${t.name}` });
    else if (!t.publish && !t.subscribe) errors.push({ message: `Channel ${t.name} has no operation: give it publish, subscribe or both.`, path: `channels.${t.name}` });
  }
  if (topics.length === 0) errors.push({ message: "The definition has no channels: an API needs at least one topic.", path: "channels" });
  return errors;
}

/** A document's topics, or why it cannot be an API's. */
async function checkedTopics(text: string): Promise<{ document?: AsyncAPIDocumentInterface; topics: TopicShape[]; errors: DefinitionError[] }> {
  const { document, errors } = await parseDefinition(text);
  if (!document) return { topics: [], errors };
  const topics = topicsOf(document);
  const problems = topicErrors(topics);
  return problems.length ? { topics: [], errors: problems } : { document, topics, errors: [] };
}

/** Save: validate, then the channels become the API's topics and the text is kept, in one transaction. */
export async function saveDefinition(actor: Actor, apiId: string, text: string): Promise<{ errors: DefinitionError[] }> {
  assertRole(actor, "CREATOR");
  await apiForDefinition(actor, apiId);
  const { topics, errors } = await checkedTopics(text);
  if (errors.length) return { errors };

  await db.$transaction(async (tx) => {
    const before = await tx.api.findUnique({ where: { id: apiId }, select: { asyncApiDefinition: true, topics: { select: { name: true }, orderBy: { name: "asc" } } } });
    if (!before) throw new DuplexError("NOT_FOUND", "No such API.");
    await tx.topic.deleteMany({ where: { apiId, name: { notIn: topics.map((t) => t.name) } } });
    for (const t of topics) {
      await tx.topic.upsert({ where: { apiId_name: { apiId, name: t.name } }, create: { apiId, ...t }, update: t });
    }
    // The working copy: the gateways see these topics once a revision of them is deployed.
    await tx.api.update({ where: { id: apiId }, data: { asyncApiDefinition: text } });
    await recordAudit(tx, actor, {
      entity: "api",
      entityId: apiId,
      action: "save-definition",
      before: { definition: before.asyncApiDefinition, topics: before.topics.map((t) => t.name) },
      after: { definition: text, topics: topics.map((t) => t.name).sort() },
    });
  });
  return { errors: [] };
}

export interface DocumentedMessage {
  name: string;
  summary: string;
  contentType: string;
  payload: unknown;
}
export interface DocumentedChannel {
  address: string;
  description: string;
  parameters: { name: string; description: string }[];
  operations: { kind: "Publish" | "Subscribe"; summary: string; messages: DocumentedMessage[] }[];
}

/** What the Developer Portal shows: every topic with its operations, messages and payload schemas. */
export async function documentation(api: Parameters<typeof generateDefinition>[0]): Promise<DocumentedChannel[]> {
  const { document } = await parseDefinition(JSON.stringify(generateDefinition(api)));
  if (!document) return [];
  return document.channels().all().map((channel) => ({
    address: channel.address() ?? channel.id(),
    description: channel.description() ?? "",
    parameters: channel.parameters().all().map((p) => ({ name: p.id(), description: p.description() ?? "" })),
    operations: channel.operations().all().map((op) => ({
      kind: op.action() === "publish" || op.action() === "receive" ? ("Publish" as const) : ("Subscribe" as const),
      summary: op.summary() ?? op.description() ?? "",
      messages: op.messages().all().map((m) => ({
        name: m.name() ?? m.title() ?? m.id(),
        summary: m.summary() ?? m.description() ?? "",
        contentType: m.contentType() ?? "",
        payload: m.payload()?.json() ?? null,
      })),
    })),
  }));
}

export const ZImportDefinition = z.object({
  text: z.string().trim().min(1, "Paste a definition or choose a file.").max(1_000_000, "The definition can be at most 1 MB."),
  context: ZApiContext,
  endpoint: z.union([z.literal(""), ZWebSocketEndpoint]).default(""),
});

/**
 * Import AsyncAPI: a new API whose name, version and description come from the document's
 * info, and whose topics are its channels. The API and its topics are written together.
 */
export async function importDefinition(actor: Actor, raw: z.input<typeof ZImportDefinition>) {
  assertRole(actor, "CREATOR");
  const input = ZImportDefinition.parse(raw);
  const { document, topics, errors } = await checkedTopics(input.text);
  if (!document) return { errors };
  const info = document.info();
  const name = info.title().trim().replace(/[^A-Za-z0-9 _.-]+/g, "").replace(/^[^A-Za-z0-9]+/, "");
  // 2.x tags at the root, 3.0 in info: the parser answers both here. Tags Duplex cannot hold are left out.
  const tags = info.tags().all().map((t) => t.name().trim().toLowerCase()).filter(isTag).slice(0, maxTags);
  const fields = { name, version: info.version(), description: info.description() ?? "", tags };
  const nameProblem = ZApiName.safeParse(fields.name).error?.issues[0]?.message;
  const versionProblem = ZApiVersion.safeParse(fields.version).error?.issues[0]?.message;
  if (nameProblem || versionProblem) {
    return { errors: [{ message: `The document's info cannot name an API: ${nameProblem ?? versionProblem}`, path: nameProblem ? "info.title" : "info.version" }] };
  }
  const api = await createApi(actor, { ...fields, context: input.context, endpoint: input.endpoint }, { text: input.text, topics });
  return { errors: [], api };
}
