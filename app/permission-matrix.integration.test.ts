// Who may call what: every server action (app/**/actions.ts) and every route handler
// (app/**/route.ts), found on disk when the test runs, against a table of expected answers for
// six callers: signed out, a subscriber, a creator, a publisher, an admin, and a second user of
// the row's owner role acting on the first one's objects. A new action or route without a row
// fails here, and so does a row whose export is gone. Every refused case also proves that the
// database is as it was (app/permission-matrix.fixtures.ts fingerprint).
//
// Only what cannot run outside a Next request is replaced: the session (next-auth and
// next/headers) by the case's caller, next/headers by the case's request, revalidatePath by a
// no-op. redirect() is control flow: an action that redirects was allowed (to /login: refused).
//
// To add a row: key it "<path under app/>#<export>", name the owner role whose objects the input
// names, build the input from the case (`c.on` is whose objects to name; `c.self` who is signed in),
// and give the answer for each of the six callers. A refusal names its message.
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mustChangePasswordMessage } from "@/app/_server/action";
import type { Actor } from "@/lib/roles";
import {
  backendUrl,
  blockedSubscription,
  buildFixtures,
  changes,
  deployedApi,
  fingerprint,
  freshApi,
  freshApiKey,
  freshApplication,
  freshApplicationWithKeys,
  freshDenyPolicy,
  freshEnvironment,
  freshPlan,
  freshSubscription,
  freshToken,
  freshUser,
  named,
  pendingTask,
  undeployedRevision,
  type Fixtures,
  type MatrixRole,
  type Member,
} from "./permission-matrix.fixtures";

// The case's caller and request, read by the replaced session and next/headers.
const current = vi.hoisted(() => ({ actor: null as Actor | null, mustChangePassword: false, request: null as Request | null }));

const nextHeaders = vi.hoisted(() => ({
  headers: async () => current.request?.headers ?? new Headers(),
  cookies: async () => {
    const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
    return new RequestCookies(current.request?.headers ?? new Headers());
  },
}));

vi.mock("@/app/_server/session", async () => {
  const { redirect } = await import("next/navigation");
  const { hasRole } = await import("@/lib/roles");
  const signedInUser = async () => (current.actor ? { actor: current.actor, mustChangePassword: current.mustChangePassword } : null);
  const requireActor = async (callbackUrl: string) => current.actor ?? redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return {
    signedInUser,
    sessionActor: async () => current.actor,
    requireActor,
    requireRole: async (callbackUrl: string, roles: Parameters<typeof hasRole>[1][]) => {
      const actor = await requireActor(callbackUrl);
      // What forbidden() throws: the 403 page.
      if (!hasRole(actor, ...roles)) throw Object.assign(new Error("forbidden()"), { digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
      return actor;
    },
    changePasswordPath: "/account/password",
  };
});
vi.mock("next/headers", () => nextHeaders);
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {} }));

// next-auth's route handler require()s next/headers from node_modules, past vi.mock: the same replacement, in require's cache.
{
  const require = createRequire(import.meta.url);
  const path = require.resolve("next/headers");
  require.cache[path] = { id: path, filename: path, loaded: true, exports: nextHeaders } as unknown as NodeJS.Module;
}

// The registry: every export of every actions.ts, and the HTTP methods of every route.ts.
const appDir = fileURLToPath(new URL(".", import.meta.url));
const httpMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
type ServerAction = (input: unknown) => Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string> }>;
type RouteHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

async function discover(): Promise<Map<string, ServerAction | RouteHandler>> {
  const files = (readdirSync(appDir, { recursive: true }) as string[]).filter((f) => /(^|\/)(actions|route)\.ts$/.test(f)).sort();
  const found = new Map<string, ServerAction | RouteHandler>();
  for (const file of files) {
    const isRoute = file.endsWith("route.ts");
    for (const [name, value] of Object.entries(await import(join(appDir, file)))) {
      if (typeof value === "function" && (!isRoute || httpMethods.has(name))) found.set(`${file}#${name}`, value as ServerAction | RouteHandler);
    }
  }
  return found;
}

const registry = await discover();

// The table.
const personas = ["signedOut", "subscriber", "creator", "publisher", "admin", "other"] as const;
type Persona = (typeof personas)[number];
const personaRole: Record<Exclude<Persona, "signedOut" | "other">, MatrixRole> = { subscriber: "SUBSCRIBER", creator: "CREATOR", publisher: "PUBLISHER", admin: "ADMIN" };

interface Case {
  fx: Fixtures;
  persona: Persona;
  /** Who is signed in (null: nobody): the first user of the persona's role; for "other", the second user of the row's owner role. */
  self: Member | null;
  /** Whose objects the input names: the caller's own; signed out and for "other", the first user of the row's owner role. */
  on: Member;
}

type Outcome = { allowed: true } | { refused: string; status?: number };
type Answers = Record<Persona, Outcome>;
interface ActionRow {
  /** Whose objects the input names, and so the role of the second user ("other"). */
  owner: MatrixRole;
  input: (c: Case) => unknown;
  expect: Answers;
}
interface RouteRequest {
  path: string;
  method?: "GET" | "POST";
  params?: Record<string, unknown>;
  headers?: Record<string, string>;
  form?: Record<string, string>;
}
interface RouteRow {
  owner: MatrixRole;
  request: (c: Case) => RouteRequest | Promise<RouteRequest>;
  expect: Answers;
}

const allowed: Outcome = { allowed: true };
const refused = (message: string, status?: number): Outcome => ({ refused: message, status });
const ended = refused("Your session has ended. Sign in again.");
const needs = (...roles: string[]) => refused(`This needs the ${roles.join(" or ")} role.`);

/** Admins only; a second admin acts on what the first made as freely. */
const admins: Answers = { signedOut: ended, subscriber: needs("admin"), creator: needs("admin"), publisher: needs("admin"), admin: allowed, other: allowed };
/** Any signed-in user, on their own objects; another user's are "not found" (ids leak nothing). */
const owners = (notFound: string): Answers => ({ signedOut: ended, subscriber: allowed, creator: allowed, publisher: allowed, admin: allowed, other: refused(notFound) });
const signedIn: Answers = { signedOut: ended, subscriber: allowed, creator: allowed, publisher: allowed, admin: allowed, other: allowed };
const everyone: Answers = { signedOut: allowed, subscriber: allowed, creator: allowed, publisher: allowed, admin: allowed, other: allowed };
// Edits of an API: the creator role. Every creator may edit every API, not only their own: the
// Publisher shares APIs among creators (lib/apis.ts listApis, as WSO2 does within a tenant).
const creators: Answers = { signedOut: ended, subscriber: needs("creator"), creator: allowed, publisher: needs("creator"), admin: allowed, other: allowed };
const publishers: Answers = { signedOut: ended, subscriber: needs("publisher"), creator: needs("publisher"), publisher: allowed, admin: allowed, other: allowed };
// Blocking a subscription: the API's own creator or an admin (lib/api-subscribers.ts mayBlock).
const apiCreator: Answers = {
  signedOut: ended,
  subscriber: needs("creator", "publisher"),
  creator: allowed,
  publisher: refused("Only the creator of"),
  admin: allowed,
  other: refused("Only the creator of"),
};

const definition = (title: string) =>
  ["asyncapi: 2.6.0", "info:", `  title: ${title}`, '  version: "1.0"', "channels:", "  /chat:", "    publish:", "      message:", "        payload:", "          type: string", ""].join("\n");

const matrix: Record<string, ActionRow | RouteRow> = {
  // Every signed-in user changes their own password, and only their own (the action takes no user
  // id). The case's member gets the new password, so that later rows still sign in with it.
  "account/password/actions.ts#changePasswordAction": {
    owner: "SUBSCRIBER",
    input: (c) => {
      const newPassword = `a new pass phrase ${named("pw")}`;
      const currentPassword = c.self?.password ?? "";
      if (c.self) c.self.password = newPassword;
      return { currentPassword, newPassword, confirmPassword: newPassword };
    },
    expect: signedIn,
  },

  // Admin portal.
  "admin/deny-policies/actions.ts#createDenyPolicyAction": {
    owner: "ADMIN",
    input: async (c) => ({ type: "APPLICATION", value: (await freshApplication(c.fx.first.SUBSCRIBER)).id, description: named("Why") }),
    expect: admins,
  },
  "admin/deny-policies/actions.ts#setDenyPolicyEnabledAction": {
    owner: "ADMIN",
    input: async (c) => ({ policyId: (await freshDenyPolicy(c.fx)).id, enabled: false }),
    expect: admins,
  },
  "admin/deny-policies/actions.ts#deleteDenyPolicyAction": { owner: "ADMIN", input: async (c) => ({ policyId: (await freshDenyPolicy(c.fx)).id }), expect: admins },
  "admin/environments/actions.ts#createEnvironmentAction": {
    owner: "ADMIN",
    input: () => ({ name: named("Env"), displayName: "New", wsUrl: "ws://127.0.0.1:1" }),
    expect: admins,
  },
  "admin/environments/actions.ts#updateEnvironmentAction": {
    owner: "ADMIN",
    input: async (c) => ({ name: (await freshEnvironment(c.fx)).name, environment: { displayName: "Renamed", wsUrl: "ws://127.0.0.1:2" } }),
    expect: admins,
  },
  "admin/environments/actions.ts#deleteEnvironmentAction": { owner: "ADMIN", input: async (c) => ({ name: (await freshEnvironment(c.fx)).name }), expect: admins },
  "admin/plans/actions.ts#createPlanAction": { owner: "ADMIN", input: () => ({ plan: { name: named("Plan"), eventCount: 100 } }), expect: admins },
  "admin/plans/actions.ts#updatePlanAction": {
    owner: "ADMIN",
    input: async (c) => ({ planId: (await freshPlan(c.fx)).id, plan: { eventCount: 200 } }),
    expect: admins,
  },
  "admin/plans/actions.ts#deletePlanAction": { owner: "ADMIN", input: async (c) => ({ planId: (await freshPlan(c.fx)).id }), expect: admins },
  "admin/tasks/actions.ts#decideTaskAction": {
    owner: "ADMIN",
    input: async (c) => ({ taskId: (await pendingTask(c.fx)).id, decision: "APPROVE" }),
    expect: admins,
  },
  "admin/users/actions.ts#createUserAction": { owner: "ADMIN", input: () => ({ username: named("user"), roles: ["SUBSCRIBER"] }), expect: admins },
  "admin/users/actions.ts#setUserRolesAction": {
    owner: "ADMIN",
    input: async () => ({ userId: (await freshUser()).id, roles: ["SUBSCRIBER", "CREATOR"] }),
    expect: admins,
  },
  "admin/users/actions.ts#disableUserAction": { owner: "ADMIN", input: async () => ({ userId: (await freshUser()).id }), expect: admins },
  "admin/users/actions.ts#enableUserAction": { owner: "ADMIN", input: async () => ({ userId: (await freshUser({ disabled: true })).id }), expect: admins },
  "admin/users/actions.ts#resetPasswordAction": { owner: "ADMIN", input: async () => ({ userId: (await freshUser()).id }), expect: admins },

  // Developer Portal.
  "devportal/apis/[id]/actions.ts#subscribeAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ applicationId: (await freshApplication(c.on)).id, apiId: c.fx.api.id, planName: c.fx.plan.name }),
    expect: owners("No such application."),
  },
  "devportal/apis/[id]/actions.ts#tryItTokenAction": {
    owner: "SUBSCRIBER",
    input: (c) => ({ apiId: c.fx.api.id, applicationId: c.on.app.id, keyType: "PRODUCTION" }),
    expect: owners("Subscribe this application to the API first."),
  },
  // The portal repeats a refused handshake with whatever token the caller holds, to the API's own gateway URL only.
  "devportal/apis/[id]/actions.ts#explainRefusalAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ apiId: c.fx.api.id, topicPath: "/chat", credential: { kind: "token", value: await freshToken(c.on) } }),
    expect: signedIn,
  },
  "devportal/applications/[id]/actions.ts#generateKeysAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ applicationId: (await freshApplication(c.on)).id, keyType: "SANDBOX" }),
    expect: owners("No such application."),
  },
  "devportal/applications/[id]/actions.ts#generateAccessTokenAction": {
    owner: "SUBSCRIBER",
    input: (c) => ({ applicationId: c.on.app.id, keyType: "PRODUCTION", validitySeconds: 600 }),
    expect: owners("No such application."),
  },
  "devportal/applications/[id]/actions.ts#regenerateSecretAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ applicationId: (await freshApplicationWithKeys(c.on)).app.id, keyType: "PRODUCTION" }),
    expect: owners("No such application."),
  },
  "devportal/applications/[id]/actions.ts#revokeTokenAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ token: await freshToken(c.on) }),
    expect: owners("This token is not one of your applications'."),
  },
  "devportal/applications/[id]/actions.ts#deleteKeysAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ applicationId: (await freshApplicationWithKeys(c.on)).app.id, keyType: "PRODUCTION" }),
    expect: owners("No such application."),
  },
  "devportal/applications/[id]/api-keys/actions.ts#createApiKeyAction": {
    owner: "SUBSCRIBER",
    input: (c) => ({ applicationId: c.on.app.id, keyType: "PRODUCTION", name: named("Key") }),
    expect: owners("No such application."),
  },
  "devportal/applications/[id]/api-keys/actions.ts#revokeApiKeyAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ applicationId: c.on.app.id, apiKeyId: (await freshApiKey(c.on)).id }),
    expect: owners("No such API key."),
  },
  "devportal/applications/actions.ts#createApplicationAction": { owner: "SUBSCRIBER", input: () => ({ name: named("App") }), expect: signedIn },
  "devportal/applications/actions.ts#updateApplicationAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ id: (await freshApplication(c.on)).id, name: named("App"), description: "Renamed" }),
    expect: owners("No such application."),
  },
  "devportal/applications/actions.ts#deleteApplicationAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ id: (await freshApplication(c.on)).id }),
    expect: owners("No such application."),
  },
  "devportal/applications/actions.ts#unsubscribeAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ subscriptionId: (await freshSubscription(c.fx, c.on)).id }),
    expect: owners("No such subscription."),
  },
  "devportal/applications/actions.ts#changePlanAction": {
    owner: "SUBSCRIBER",
    input: async (c) => ({ subscriptionId: (await freshSubscription(c.fx, c.on)).id, planName: c.fx.otherPlan.name }),
    expect: owners("No such subscription."),
  },

  // Publisher: edits of an API are the creator's, deployments and the lifecycle the publisher's.
  "publisher/apis/[id]/actions.ts#deleteApiAction": { owner: "CREATOR", input: async (c) => ({ apiId: (await freshApi(c.fx)).id }), expect: creators },
  "publisher/apis/[id]/asyncapi/actions.ts#saveDefinitionAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, text: definition(named("Doc")) }),
    expect: creators,
  },
  "publisher/apis/[id]/deployments/actions.ts#deployApiAction": {
    owner: "PUBLISHER",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, environments: [c.fx.environment] }),
    expect: publishers,
  },
  "publisher/apis/[id]/deployments/actions.ts#deployRevisionAction": {
    owner: "PUBLISHER",
    input: async (c) => {
      const { api, revision } = await deployedApi(c.fx);
      return { apiId: api.id, revisionId: revision.id, environment: c.fx.otherEnvironment };
    },
    expect: publishers,
  },
  "publisher/apis/[id]/deployments/actions.ts#undeployAction": {
    owner: "PUBLISHER",
    input: async (c) => ({ apiId: (await deployedApi(c.fx)).api.id, environment: c.fx.environment }),
    expect: publishers,
  },
  "publisher/apis/[id]/deployments/actions.ts#deleteRevisionAction": {
    owner: "PUBLISHER",
    input: async (c) => {
      const { api, revision } = await undeployedRevision(c.fx);
      return { apiId: api.id, revisionId: revision.id };
    },
    expect: publishers,
  },
  "publisher/apis/[id]/deployments/actions.ts#restoreRevisionAction": {
    owner: "CREATOR",
    input: async (c) => {
      const { api, revision } = await deployedApi(c.fx);
      return { apiId: api.id, revisionId: revision.id };
    },
    expect: creators,
  },
  "publisher/apis/[id]/endpoints/actions.ts#saveEndpointsAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, production: { url: "ws://127.0.0.1:7071", config: {} }, sandbox: { url: "", config: {} } }),
    expect: creators,
  },
  // 169.254.169.254 is refused by the Test's address policy at once: an answer, without a connection.
  "publisher/apis/[id]/endpoints/actions.ts#testEndpointAction": {
    owner: "CREATOR",
    input: () => ({ url: "ws://169.254.169.254", config: {} }),
    expect: { ...creators, subscriber: needs("creator", "publisher"), publisher: allowed },
  },
  "publisher/apis/[id]/info/actions.ts#updateApiInfoAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, description: "Changed", tags: ["matrix"] }),
    expect: creators,
  },
  // Deployed already, so Publish deploys nothing to Production, which other files' gateways serve.
  "publisher/apis/[id]/lifecycle/actions.ts#changeLifecycleAction": {
    owner: "PUBLISHER",
    input: async (c) => ({ apiId: (await deployedApi(c.fx)).api.id, action: "Publish" }),
    expect: publishers,
  },
  "publisher/apis/[id]/plans/actions.ts#setApiPlansAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, plans: [c.fx.plan.name, c.fx.otherPlan.name] }),
    expect: creators,
  },
  "publisher/apis/[id]/runtime/actions.ts#updateApiRuntimeAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, allowedOrigins: ["https://app.example.com"] }),
    expect: creators,
  },
  "publisher/apis/[id]/subscriptions/actions.ts#blockSubscriptionAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: c.fx.api.id, subscriptionId: (await freshSubscription(c.fx, c.fx.first.SUBSCRIBER)).id, scope: "all" }),
    expect: apiCreator,
  },
  "publisher/apis/[id]/subscriptions/actions.ts#unblockSubscriptionAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: c.fx.api.id, subscriptionId: (await blockedSubscription(c.fx)).id }),
    expect: apiCreator,
  },
  "publisher/apis/[id]/topics/actions.ts#saveTopicsAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, topics: [{ name: "/chat", publish: true, subscribe: true }] }),
    expect: creators,
  },
  "publisher/apis/[id]/versions/actions.ts#createNewVersionAction": {
    owner: "CREATOR",
    input: async (c) => ({ apiId: (await freshApi(c.fx)).id, version: "2.0" }),
    expect: creators,
  },
  "publisher/apis/[id]/versions/actions.ts#setDefaultVersionAction": { owner: "CREATOR", input: async (c) => ({ apiId: (await freshApi(c.fx)).id }), expect: creators },
  "publisher/apis/create/asyncapi/actions.ts#importDefinitionAction": {
    owner: "CREATOR",
    input: () => ({ text: definition(named("Imported")), context: named("/imported"), endpoint: backendUrl }),
    expect: creators,
  },
  "publisher/apis/create/websocket/actions.ts#createApiAction": {
    owner: "CREATOR",
    input: () => ({ name: named("Api"), context: named("/api"), version: "1.0", endpoint: backendUrl }),
    expect: creators,
  },

  // Sign-up is open to anyone, signed in or not; the second user tries to take the first one's username.
  "signup/actions.ts#signUpAction": {
    owner: "SUBSCRIBER",
    input: (c) => {
      const password = "a long pass phrase, 42 times";
      return { username: c.persona === "other" ? c.on.user.username : named("user"), password, confirmPassword: password };
    },
    expect: { ...everyone, other: refused("is taken.") },
  },

  // Route handlers. Those that authenticate a client or a sign-in take the caller's credentials
  // from the request, not the session: signed out sends none; "other" sends its own for the first user's object.
  ".well-known/openid-configuration/route.ts#GET": { owner: "SUBSCRIBER", request: () => ({ path: "/.well-known/openid-configuration" }), expect: everyone },
  "api/auth/[...nextauth]/route.ts#GET": { owner: "SUBSCRIBER", request: () => ({ path: "/api/auth/csrf", params: { nextauth: ["csrf"] } }), expect: everyone },
  "api/auth/[...nextauth]/route.ts#POST": {
    owner: "SUBSCRIBER",
    request: async (c) => {
      const csrf = await csrfToken();
      return {
        path: "/api/auth/callback/credentials",
        method: "POST",
        params: { nextauth: ["callback", "credentials"] },
        headers: { cookie: csrf.cookie },
        form: { username: c.self ? c.on.user.username : "", password: c.self?.password ?? "", csrfToken: csrf.token, json: "true" },
      };
    },
    expect: { ...everyone, signedOut: refused("error=CredentialsSignin", 401), other: refused("error=CredentialsSignin", 401) },
  },
  "devportal/apis/[id]/documentation/asyncapi/route.ts#GET": {
    owner: "SUBSCRIBER",
    request: (c) => ({ path: `/devportal/apis/${c.fx.api.id}/documentation/asyncapi`, params: { id: c.fx.api.id } }),
    expect: everyone,
  },
  "oauth2/jwks/route.ts#GET": { owner: "SUBSCRIBER", request: () => ({ path: "/oauth2/jwks" }), expect: everyone },
  "oauth2/revoke/route.ts#POST": {
    owner: "SUBSCRIBER",
    request: async (c) => ({
      path: "/oauth2/revoke",
      method: "POST",
      form: { token: await freshToken(c.on), ...(c.self ? { client_id: c.self.keys.consumerKey, client_secret: c.self.keys.consumerSecret } : {}) },
    }),
    expect: { ...everyone, signedOut: refused("invalid_client", 401), other: refused("The token was not issued to this client.", 400) },
  },
  "oauth2/token/route.ts#POST": {
    owner: "SUBSCRIBER",
    request: (c) => ({
      path: "/oauth2/token",
      method: "POST",
      form: { grant_type: "client_credentials", ...(c.self ? { client_id: c.on.keys.consumerKey, client_secret: c.self.keys.consumerSecret } : {}) },
    }),
    expect: { ...everyone, signedOut: refused("invalid_client", 401), other: refused("Client authentication failed.", 401) },
  },
  "publisher/apis/[id]/asyncapi/download/route.ts#GET": {
    owner: "CREATOR",
    request: (c) => ({ path: `/publisher/apis/${c.fx.api.id}/asyncapi/download`, params: { id: c.fx.api.id } }),
    expect: { ...creators, signedOut: refused("Sign in to download the definition.", 401), subscriber: refused("This needs the creator or publisher role.", 403), publisher: allowed },
  },
};

// Running a case.
type Answer = { allowed: true; detail: string } | { allowed: false; message: string; status?: number };

function caseOf(fx: Fixtures, row: ActionRow | RouteRow, persona: Persona): Case {
  if (persona === "signedOut") return { fx, persona, self: null, on: fx.first[row.owner] };
  if (persona === "other") return { fx, persona, self: fx.second[row.owner], on: fx.first[row.owner] };
  const member = fx.first[personaRole[persona]];
  return { fx, persona, self: member, on: member };
}

function controlFlow(e: unknown): Answer | null {
  const digest = (e as { digest?: unknown } | null)?.digest;
  if (typeof digest !== "string") return null;
  if (digest.startsWith("NEXT_REDIRECT")) {
    const location = digest.split(";")[2];
    const toSignIn = location.startsWith("/login") || location.startsWith("/account/password");
    return toSignIn ? { allowed: false, message: `redirect ${location}` } : { allowed: true, detail: `redirect ${location}` };
  }
  if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) return { allowed: false, message: digest };
  return null;
}

async function callAction(action: ServerAction, input: unknown): Promise<Answer> {
  try {
    const state = await action(input);
    if (state.ok) return { allowed: true, detail: "ok" };
    return { allowed: false, message: `${state.message ?? ""}${state.fieldErrors ? ` ${JSON.stringify(state.fieldErrors)}` : ""}` };
  } catch (e) {
    const answer = controlFlow(e);
    if (answer) return answer;
    throw e;
  }
}

async function callRoute(handler: RouteHandler, r: RouteRequest): Promise<Answer> {
  const form = r.form && new URLSearchParams(r.form).toString();
  const request = new NextRequest(new URL(r.path, "http://localhost:3000"), {
    method: r.method ?? "GET",
    headers: { ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...r.headers },
    body: form,
  });
  current.request = request;
  const response = await handler(request, { params: Promise.resolve(r.params ?? {}) });
  const text = await response.text();
  return response.status < 400
    ? { allowed: true, detail: `${response.status}` }
    : { allowed: false, status: response.status, message: `${response.status} ${text}` };
}

/** A CSRF token and its cookie from next-auth, which a credentials sign-in must carry. */
async function csrfToken(): Promise<{ token: string; cookie: string }> {
  const handler = registry.get("api/auth/[...nextauth]/route.ts#GET") as RouteHandler;
  const request = new NextRequest("http://localhost:3000/api/auth/csrf");
  current.request = request;
  const response = await handler(request, { params: Promise.resolve({ nextauth: ["csrf"] }) });
  const cookie = response.headers.getSetCookie().find((c) => c.split("=")[0].endsWith("next-auth.csrf-token"))!;
  return { token: ((await response.json()) as { csrfToken: string }).csrfToken, cookie: cookie.split(";")[0] };
}

const actionKeys = [...registry.keys()].filter((k) => k.includes("actions.ts#"));

const outcomeName = (o: Outcome) => ("allowed" in o ? "allowed" : `refused: ${o.status ? `${o.status} ` : ""}${o.refused}`);

let fx: Fixtures;
beforeAll(async () => {
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
  vi.stubEnv("NEXTAUTH_SECRET", process.env.NEXTAUTH_SECRET ?? "the permission matrix's secret");
  fx = await buildFixtures();
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("the permission matrix", () => {
  it("has a row for every server action and route handler, and none for an export that is gone", () => {
    const missing = [...registry.keys()].filter((k) => !(k in matrix));
    const gone = Object.keys(matrix).filter((k) => !registry.has(k));
    expect({ missing, gone }).toEqual({ missing: [], gone: [] });
  });

  for (const key of [...new Set([...registry.keys(), ...Object.keys(matrix)])].sort()) {
    describe(key, () => {
      const row = matrix[key];
      const entry = registry.get(key);
      if (!row) {
        it("has a row in the matrix", () => expect.fail(`${key} has no row: add one to app/permission-matrix.integration.test.ts`));
        return;
      }
      if (!entry) {
        it("is a server action or route handler", () => expect.fail(`${key} is in the matrix, but no app/**/actions.ts or route.ts exports it`));
        return;
      }
      // Refusals first: an allowed case may delete or change what a later one would name.
      const order = [...personas].sort((a, b) => Number("allowed" in row.expect[a]) - Number("allowed" in row.expect[b]));
      for (const persona of order) {
        const expected = row.expect[persona];
        it(`${persona}: ${outcomeName(expected)}`, async () => {
          const c = caseOf(fx, row, persona);
          const input = "input" in row ? await row.input(c) : await row.request(c);
          const before = "refused" in expected ? await fingerprint() : null;
          current.actor = c.self?.user ?? null;
          current.request = null;
          const answer = "input" in row ? await callAction(entry as ServerAction, input) : await callRoute(entry as RouteHandler, input as RouteRequest);
          if ("allowed" in expected) {
            expect(answer, `expected ${key} to be allowed for ${persona}`).toMatchObject({ allowed: true });
            return;
          }
          expect(answer, `expected ${key} to be refused for ${persona}`).toMatchObject({ allowed: false });
          if (!answer.allowed) {
            expect(answer.message).toContain(expected.refused);
            if (expected.status) expect(answer.status).toBe(expected.status);
          }
          expect(changes(before!, await fingerprint()), "the refusal changed the database").toEqual([]);
        });
      }
    });
  }
});

// A user whose password an admin reset may do one thing before anything else: set a new one.
// The check comes before the input is read, so any input shows it.
describe("with a password an admin reset", () => {
  for (const key of actionKeys) {
    const onlyThis = key === "account/password/actions.ts#changePasswordAction";
    it(`${key}: ${onlyThis ? "reaches the action" : "refused until a new password is set"}`, async () => {
      const before = await fingerprint();
      current.actor = fx.first.SUBSCRIBER.user;
      current.mustChangePassword = true;
      current.request = null;
      try {
        const answer = await callAction(registry.get(key) as ServerAction, {});
        if (onlyThis) expect(answer).toMatchObject({ allowed: false, message: expect.stringContaining("Check the highlighted fields.") });
        else if (key.startsWith("signup/")) expect(answer).toMatchObject({ allowed: false, message: expect.stringContaining("Check the highlighted fields.") });
        else expect(answer).toEqual({ allowed: false, message: mustChangePasswordMessage });
      } finally {
        current.mustChangePassword = false;
      }
      expect(changes(before, await fingerprint())).toEqual([]);
    });
  }
});
