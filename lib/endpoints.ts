// An API's production and sandbox endpoints, their cogwheel settings, and the Test button.
import { z } from "zod";
import { db } from "./db";
import { recordAudit } from "./audit";
import { DuplexError } from "./errors";
import { ZEndpointConfig } from "./endpoint-config";
import { openEndpointTest, type EndpointTestResult } from "./endpoint-test";
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
    const before = await tx.endpoint.findMany({ where: { apiId: api.id }, orderBy: { type: "asc" } });
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
    const after = await tx.endpoint.findMany({ where: { apiId: api.id }, orderBy: { type: "asc" } });
    // Extra headers are kept by name only (lib/audit.ts redact): they carry backend credentials.
    const audited = (e: { type: EndpointType; url: string; config: unknown }) => ({ type: e.type, url: e.url, config: e.config });
    await recordAudit(tx, actor, { entity: "api", entityId: api.id, action: "save-endpoints", before: { endpoints: before.map(audited) }, after: { endpoints: after.map(audited) } });
    return after;
  });
}

export const ZTestEndpoint = z.object({ url: ZWebSocketEndpoint, config: ZEndpointConfig });

/**
 * Opens a real WebSocket to the endpoint, as the gateway would, if the address is one the Test
 * may reach (lib/endpoint-test-policy.ts), and closes it once the handshake answers.
 */
export async function testEndpoint(actor: Actor, raw: z.input<typeof ZTestEndpoint>): Promise<EndpointTestResult> {
  assertRole(actor, "CREATOR", "PUBLISHER");
  const { url, config } = ZTestEndpoint.parse(raw);
  return openEndpointTest(url, config);
}

export function endpointLabel(type: EndpointType): string {
  return type === "PRODUCTION" ? "Production endpoint" : "Sandbox endpoint";
}
