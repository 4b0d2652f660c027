// The API's definition as AsyncAPI 3.0 (WSO2 4.7 makes 3.x the default), converted from the 2.6
// document Duplex keeps and edits (lib/asyncapi.ts generateDefinition). What moves, per the 3.0
// release notes: a server's `url` becomes `host` + `pathname`; a channel is keyed by an id and
// names its topic in `address`, its messages by id; `publish`/`subscribe` become operations
// (2.x's publish, "the application receives", is 3.0's `receive`; subscribe is `send`); root
// tags move into `info`; parameters lose `schema`; oauth2 `scopes` become `availableScopes`;
// security lists schemes by reference instead of requirement maps.

import YAML from "yaml";

type Json = Record<string, any>;

/** A channel id from its topic: `/rooms/{room}` → `rooms_room`; `/*` → `all`; ids kept unique. */
function channelIds(names: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    const base = name.replace(/\*/g, "all").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "root";
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(name, id);
  }
  return ids;
}

function splitUrl(url: string): { host: string; pathname?: string } {
  const slash = url.indexOf("/");
  return slash === -1 ? { host: url } : { host: url.slice(0, slash), pathname: url.slice(slash) };
}

function securityScheme(scheme: Json): Json {
  if (scheme.type !== "oauth2" || !scheme.flows) return scheme;
  const flows = Object.fromEntries(
    Object.entries(scheme.flows as Record<string, Json>).map(([name, { scopes, ...flow }]) => [name, { ...flow, availableScopes: scopes ?? {} }]),
  );
  return { ...scheme, flows };
}

export function toAsyncApi3(doc: Json): Json {
  const schemes: Record<string, Json> = doc.components?.securitySchemes ?? {};
  const security = (requirements: Json[] | undefined) => (requirements ?? []).flatMap((r) => Object.keys(r).map((name) => ({ $ref: `#/components/securitySchemes/${name}` })));
  const servers = Object.fromEntries(
    Object.entries((doc.servers ?? {}) as Record<string, Json>).map(([name, { url, security: required, ...server }]) => [name, { ...server, ...splitUrl(String(url)), security: security(required) }]),
  );
  const ids = channelIds(Object.keys(doc.channels ?? {}));
  const channels: Json = {};
  const operations: Json = {};
  for (const [address, channel] of Object.entries((doc.channels ?? {}) as Record<string, Json>)) {
    const id = ids.get(address)!;
    const { publish, subscribe, parameters, ...rest } = channel;
    const messages: Json = {};
    for (const [op, action] of [[publish, "receive"], [subscribe, "send"]] as const) {
      if (!op) continue;
      const messageId = action === "receive" ? "clientMessage" : "serverMessage";
      messages[messageId] = op.message ?? { payload: { type: "string" } };
      operations[`${id}_${action}`] = {
        action,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${messageId}` }],
        ...(op.summary ? { summary: op.summary } : {}),
      };
    }
    channels[id] = {
      ...rest,
      address,
      messages,
      ...(parameters ? { parameters: Object.fromEntries(Object.entries(parameters as Record<string, Json>).map(([p, { schema, ...param }]) => [p, { ...param, ...(schema?.description ? { description: schema.description } : {}) }])) } : {}),
    };
  }
  const { tags, asyncapi: _version, servers: _servers, channels: _channels, ...rest } = doc;
  return {
    ...rest,
    asyncapi: "3.0.0",
    info: { ...doc.info, ...(tags?.length ? { tags } : {}) },
    servers,
    channels,
    operations,
    components: { ...doc.components, securitySchemes: Object.fromEntries(Object.entries(schemes).map(([n, s]) => [n, securityScheme(s)])) },
  };
}

export type DefinitionVersion = "3.0" | "2.6";
export type DefinitionFormat = "yaml" | "json";

/** `?version=2.6|3.0&format=yaml|json` of a download; 3.0 and YAML unless told. */
export function downloadOptions(search: URLSearchParams): { version: DefinitionVersion; format: DefinitionFormat } {
  return { version: search.get("version") === "2.6" ? "2.6" : "3.0", format: search.get("format") === "json" ? "json" : "yaml" };
}

/** A download's body, type and name: `<name>-<version>-asyncapi.(yaml|json)`. */
export function definitionDownload(doc2: Json, api: { name: string; version: string }, options: { version: DefinitionVersion; format: DefinitionFormat }) {
  const doc = options.version === "3.0" ? toAsyncApi3(doc2) : doc2;
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");
  return {
    body: options.format === "json" ? JSON.stringify(doc, null, 2) : YAML.stringify(doc),
    contentType: options.format === "json" ? "application/json" : "application/yaml",
    fileName: `${safe(api.name)}-${safe(api.version)}-asyncapi.${options.format}`,
  };
}

/** The Response of a download route. */
export function definitionResponse(download: ReturnType<typeof definitionDownload>): Response {
  return new Response(download.body, { headers: { "Content-Type": download.contentType, "Content-Disposition": `attachment; filename="${download.fileName}"` } });
}
