// The API keys a gateway admits, as the snapshot holds them: by the key's SHA-256, with what
// the handshake needs to name the caller (application, owner, key type) and the key's own
// limits (expiry, client addresses, page origins). Revoked and expired keys are not loaded.
import type { KeyType } from "../../generated/prisma/enums";
import { compileOrigins, originMatches, storedRanges, type OriginMatcher } from "../../lib/api-runtime";
import { inIpRange, parseIpAddress, type IpRange } from "../../lib/ip-ranges";

export interface ApiKeyGrant {
  id: string;
  applicationId: string;
  applicationName: string;
  ownerId: string;
  ownerUsername: string;
  keyType: KeyType;
  /** Seconds since the epoch; null: never. */
  exp: number | null;
  allowedIps: readonly IpRange[];
  /** Null: any page (or none). */
  allowedOrigins: OriginMatcher | null;
}

export interface ApiKeyRow {
  id: string;
  hash: string;
  keyType: KeyType;
  expiresAt: Date | null;
  allowedIps: string[];
  allowedOrigins: string[];
  application: { id: string; name: string; owner: { id: string; username: string } };
}

export function apiKeyGrants(rows: readonly ApiKeyRow[]): { byHash: Map<string, ApiKeyGrant>; ids: Set<string> } {
  const byHash = new Map<string, ApiKeyGrant>();
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.id);
    byHash.set(r.hash, {
      id: r.id,
      applicationId: r.application.id,
      applicationName: r.application.name,
      ownerId: r.application.owner.id,
      ownerUsername: r.application.owner.username,
      keyType: r.keyType,
      exp: r.expiresAt ? Math.floor(r.expiresAt.getTime() / 1000) : null,
      allowedIps: storedRanges(r.allowedIps),
      allowedOrigins: compileOrigins(r.allowedOrigins),
    });
  }
  return { byHash, ids };
}

export function keyAllowsAddress(grant: ApiKeyGrant, clientAddress: string): boolean {
  if (grant.allowedIps.length === 0) return true;
  const address = parseIpAddress(clientAddress);
  return address !== null && grant.allowedIps.some((r) => inIpRange(address, r));
}

/** A key held to origins is used from a page: the handshake's Origin names it. */
export function keyAllowsOrigin(grant: ApiKeyGrant, origin: string | undefined): boolean {
  if (grant.allowedOrigins === null) return true;
  return origin !== undefined && originMatches(grant.allowedOrigins, origin);
}
