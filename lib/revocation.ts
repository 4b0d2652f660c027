// Token revocation (RFC 7009): a client takes back an access token it was issued. Gateways
// learn of it through the "revocation" notification and refuse the token from then on.
import { db } from "./db";
import { DuplexError } from "./errors";
import { authenticateClient } from "./keys";
import { notifyConfigChanged } from "./notify";
import { recordAudit, type AuditActor } from "./audit";
import type { Actor } from "./roles";
import { publicJwks, tokenVerifier, type AccessTokenClaims } from "./tokens";

/**
 * Revokes `token` for the client `clientId`. Returns whether a token of ours was found.
 * UNAUTHENTICATED when the client does not authenticate; FORBIDDEN when the token was issued
 * to another client (§2.1: "the request is refused"). A token that is not ours, malformed or
 * already expired is no error (§2.2): there is nothing left to revoke.
 */
export async function revokeToken(clientId: string, clientSecret: string, token: string): Promise<boolean> {
  const client = await authenticateClient(clientId, clientSecret);
  if (!client) throw new DuplexError("UNAUTHENTICATED", "Client authentication failed.");
  const verify = tokenVerifier(await publicJwks());
  let claims: AccessTokenClaims;
  try {
    claims = await verify(token);
  } catch {
    return false;
  }
  if (claims.client_id !== client.consumerKey) throw new DuplexError("FORBIDDEN", "The token was not issued to this client.");
  // The owner's client credentials made the call: the row is theirs, marked as coming through /oauth2/revoke.
  await recordRevocation({ id: client.application.ownerId, username: client.application.owner.username }, claims, client.applicationId, "oauth2-revoke");
  return true;
}

/** The portal's Revoke: a signed-in owner takes back a token of one of their applications. */
export async function revokeOwnToken(actor: Actor, token: string): Promise<void> {
  let claims: AccessTokenClaims;
  try {
    claims = await tokenVerifier(await publicJwks())(token);
  } catch {
    throw new DuplexError("INVALID", "This is not a valid, unexpired access token of Duplex.", "token");
  }
  const owned = await db.application.findFirst({ where: { id: claims.application.id, ownerId: actor.id }, select: { id: true } });
  if (!owned) throw new DuplexError("NOT_FOUND", "This token is not one of your applications'.", "token");
  await recordRevocation(actor, claims, owned.id, "portal");
}

async function recordRevocation(actor: AuditActor, claims: AccessTokenClaims, applicationId: string, via: "portal" | "oauth2-revoke"): Promise<void> {
  await db.$transaction(async (tx) => {
    // Revoking twice is not an error (§2.2 answers 200 either way), and notifies (and audits) once.
    const { count } = await tx.revokedToken.createMany({
      data: [{ jti: claims.jti, applicationId, expiresAt: new Date(claims.exp * 1000) }],
      skipDuplicates: true,
    });
    if (count === 0) return;
    await recordAudit(tx, actor, {
      entity: "token",
      entityId: claims.jti,
      action: "revoke",
      after: { application: claims.application, keyType: claims.keytype, consumerKey: claims.client_id, expiresAt: new Date(claims.exp * 1000), via },
    });
    await notifyConfigChanged(tx, "revocation");
  });
}
