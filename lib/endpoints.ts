// An API's production and sandbox endpoints, their cogwheel settings, and the Test button.
import WebSocket from "ws";
import { z } from "zod";
import { db } from "./db";
import { DuplexError } from "./errors";
import { ZEndpointConfig, type EndpointConfig } from "./endpoint-config";
import { ZWebSocketEndpoint } from "./apis";
import { assertRole, type Actor } from "./roles";
import type { ApiStatus, EndpointType } from "../generated/prisma/enums";

const ZEndpointSlot = z.object({
  /** Empty: the API has no endpoint of this type. */
  url: z.union([z.literal(""), ZWebSocketEndpoint]),
  config: ZEndpointConfig,
});

export const ZSaveEndpoints = z.object({
  apiId: z.string().min(1),
  production: ZEndpointSlot,
  sandbox: ZEndpointSlot,
});
export type SaveEndpointsInput = z.input<typeof ZSaveEndpoints>;

/** States in which clients may be connected: the API must keep a production endpoint. */
const liveStates: ApiStatus[] = ["PUBLISHED", "PROTOTYPED", "BLOCKED", "DEPRECATED"];

export async function saveEndpoints(actor: Actor, raw: SaveEndpointsInput) {
  assertRole(actor, "CREATOR");
  const input = ZSaveEndpoints.parse(raw);
  return db.$transaction(async (tx) => {
    const [api] = await tx.$queryRaw<{ id: string; status: ApiStatus }[]>`SELECT id, status FROM "Api" WHERE id = ${input.apiId} FOR UPDATE`;
    if (!api) throw new DuplexError("NOT_FOUND", "No such API.");
    if (api.status === "RETIRED") throw new DuplexError("CONFLICT", "A retired API cannot be changed.");
    if (!input.production.url && liveStates.includes(api.status)) {
      throw new DuplexError("INVALID", `A ${api.status.toLowerCase()} API needs a production endpoint.`, "production.url");
    }
    for (const [type, slot] of [["PRODUCTION", input.production], ["SANDBOX", input.sandbox]] as const) {
      if (!slot.url) {
        await tx.endpoint.deleteMany({ where: { apiId: api.id, type } });
        continue;
      }
      const data = { url: slot.url, config: slot.config };
      await tx.endpoint.upsert({ where: { apiId_type: { apiId: api.id, type } }, create: { apiId: api.id, type, ...data }, update: data });
    }
    // The working copy: the gateways use these endpoints once a revision of them is deployed (lib/deployments.ts).
    await tx.api.update({ where: { id: api.id }, data: { updatedAt: new Date() } });
    return tx.endpoint.findMany({ where: { apiId: api.id } });
  });
}

export const ZTestEndpoint = z.object({ url: ZWebSocketEndpoint, config: ZEndpointConfig });

export interface EndpointTestResult {
  ok: boolean;
  /** What happened, in words for the page. */
  message: string;
  /** Handshake time when it answered. */
  millis?: number;
}

/**
 * Opens a real WebSocket to the endpoint, as the gateway would (connect timeout, extra
 * headers, certificate check), and closes it once the handshake answers.
 */
export async function testEndpoint(actor: Actor, raw: z.input<typeof ZTestEndpoint>): Promise<EndpointTestResult> {
  assertRole(actor, "CREATOR", "PUBLISHER");
  const { url, config } = ZTestEndpoint.parse(raw);
  return openOnce(url, config);
}

function openOnce(url: string, config: EndpointConfig): Promise<EndpointTestResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: EndpointTestResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const socket = new WebSocket(url, {
      handshakeTimeout: config.connectTimeoutMs,
      headers: Object.fromEntries(config.headers.map((h) => [h.name, h.value])),
      rejectUnauthorized: config.verifyTls,
      followRedirects: false,
    });
    // handshakeTimeout covers the HTTP exchange; this also bounds DNS and TCP connect.
    const timer = setTimeout(() => {
      finish({ ok: false, message: `No answer within the connect timeout (${config.connectTimeoutMs} ms).` });
      socket.terminate();
    }, config.connectTimeoutMs + 250);
    socket.once("open", () => {
      const millis = Math.round(performance.now() - started);
      finish({ ok: true, millis, message: `The endpoint answered the WebSocket handshake in ${millis} ms.` });
      socket.close(1000, "Duplex endpoint test");
    });
    socket.once("unexpected-response", (_req, res) => {
      finish({ ok: false, message: `The endpoint answered HTTP ${res.statusCode}${res.statusMessage ? ` ${res.statusMessage}` : ""} instead of upgrading to WebSocket.` });
      socket.terminate();
    });
    socket.once("error", (e: NodeJS.ErrnoException) => finish({ ok: false, message: describeFailure(e, config) }));
  });
}

function describeFailure(e: NodeJS.ErrnoException, config: EndpointConfig): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "Connection refused: nothing listens at that host and port.";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "The host name could not be resolved.";
    case "ETIMEDOUT":
      return `No answer within the connect timeout (${config.connectTimeoutMs} ms).`;
    case "ECONNRESET":
      return "The endpoint closed the connection during the handshake.";
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "CERT_HAS_EXPIRED":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `The endpoint's certificate was not accepted (${e.code}). Turn off certificate verification in the settings only for a test backend.`;
    default:
      if (/time(d)? ?out/i.test(e.message)) return `No answer within the connect timeout (${config.connectTimeoutMs} ms).`;
      return `The connection failed: ${e.message}`;
  }
}

export function endpointLabel(type: EndpointType): string {
  return type === "PRODUCTION" ? "Production endpoint" : "Sandbox endpoint";
}
