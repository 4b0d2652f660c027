// Who is calling, told to the backend in a header it can trust: a short-lived JWT (as WSO2's
// X-JWT-Assertion), so a backend verifies it with the keys the portal publishes at
// /oauth2/jwks. Its audience is the API and its `typ` is its own, so it can be taken neither
// for an access token (audience `duplex-gateway`) nor for another API's assertion. Signed
// ES256 with a key of its own: assertions are signed on the handshake's path (one per
// application and API, reused while it lives), and an RSA signature cost 1,175 µs on the bench
// machine where ES256 cost 221 µs (through jose; signJwt's one-shot node:crypto call costs a
// third of jose's).
import type { KeyObject } from "node:crypto";
import { signJwt } from "../../lib/compact-jwt";
import { activeSigningKeyPair, type SigningAlgorithm } from "../../lib/tokens";
import type { ApiRoute, ConfigSnapshot } from "../config/snapshot";
import type { ConfigStore } from "../config/store";
import { refusal, type Refusal } from "./refuse";
import { stage } from "./stage";
import type { Identity } from "./authenticate";

export const callerAssertionHeader = "X-JWT-Assertion";
/** The JWS `typ` header of an assertion (RFC 8725 §3.11: explicit typing). */
export const callerAssertionType = "duplex-caller+jwt";
/** An assertion's longest life; never past the access token's own `exp`. */
export const callerAssertionSeconds = 300;
export const callerAssertionAlgorithm: SigningAlgorithm = "ES256";
/** A cached assertion is signed again once less than this is left of it. */
const renewBeforeSeconds = 60;
const maxCached = 10_000;

/** What the claims say; a backend reads these. */
export interface CallerAssertionClaims {
  iss: string;
  /** The API's id. */
  aud: string;
  /** The subscriber: the username owning the application. */
  sub: string;
  iat: number;
  exp: number;
  application: { id: string; name: string };
  subscriber: string;
  keytype: "PRODUCTION" | "SANDBOX";
  /** `context` is the gateway path the client connected to, version included. */
  api: { id: string; name: string; context: string; version: string };
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export class CallerAssertions {
  #key: Promise<SigningKey> | undefined;
  #keyIds = "";
  readonly #cache = new Map<string, { jwt: string; exp: number }>();

  constructor(
    store: ConfigStore,
    private readonly issuer: string,
    private readonly loadKey: () => Promise<SigningKey> = () => activeSigningKeyPair(callerAssertionAlgorithm),
  ) {
    // A new or retired signing key shows as a change in the key set: sign with the active one from then on.
    store.on("reload", (snapshot) => this.#keysMayHaveChanged(snapshot));
    if (store.current) this.#keysMayHaveChanged(store.current);
  }

  #keysMayHaveChanged(snapshot: ConfigSnapshot): void {
    const ids = [...snapshot.signingKeyIds].sort().join(" ");
    if (ids === this.#keyIds && this.#key) return;
    this.#keyIds = ids;
    this.#cache.clear();
    const loading = this.loadKey();
    // A failed load (database away) is retried at the next handshake.
    loading.catch(() => {
      if (this.#key === loading) this.#key = undefined;
    });
    this.#key = loading;
  }

  /** Resolves once no key load is running (the database client may then be disconnected). */
  async close(): Promise<void> {
    await this.#key?.catch(() => {});
  }

  /** The header's value for this caller on this API; 503 when the signing key cannot be loaded. */
  async sign(identity: Identity, api: ApiRoute): Promise<string | Refusal> {
    const now = Math.floor(Date.now() / 1000);
    const owner = identity.claims.application.owner;
    // Everything the assertion says but its times: an application's tokens share one, as long
    // as it expires no later than the token at hand. A gateway meeting many new tokens of one
    // application (a mobile app's users, say) signs once per application and API, not per token.
    const cacheKey = [identity.applicationId, identity.applicationName, owner, identity.keyType, api.id, api.name, api.path, api.version].join("\n");
    const cached = this.#cache.get(cacheKey);
    if (cached && cached.exp - now > renewBeforeSeconds && cached.exp <= identity.claims.exp) return cached.jwt;

    this.#key ??= this.loadKey();
    let key: SigningKey;
    try {
      key = await this.#key;
    } catch {
      this.#key = undefined;
      return refusal(503, "not_ready", "The gateway cannot load its signing key; try again shortly.");
    }
    const exp = Math.min(now + callerAssertionSeconds, identity.claims.exp);
    const claims: CallerAssertionClaims = {
      iss: this.issuer,
      aud: api.id,
      sub: owner,
      iat: now,
      exp,
      application: { id: identity.applicationId, name: identity.applicationName },
      subscriber: owner,
      keytype: identity.keyType,
      api: { id: api.id, name: api.name, context: api.path, version: api.version },
    };
    const jwt = signJwt({ alg: callerAssertionAlgorithm, kid: key.kid, typ: callerAssertionType }, claims, key.privateKey);
    if (this.#cache.size >= maxCached) this.#cache.clear();
    this.#cache.set(cacheKey, { jwt, exp });
    return jwt;
  }
}

// Signed only for a connection that got this far: a signature is not cheap.
export const callerAssertionStage = stage("assertion", (h: { identity: Identity; route: { api: ApiRoute }; gateway: { callerAssertions: CallerAssertions } }) =>
  h.gateway.callerAssertions.sign(h.identity, h.route.api),
);
