// What the gateway serves in the bench, made through the domain functions a user's clicks
// call: a published API on the echo backend, and a subscriber with a valid token on a plan
// whose event limit is on (every message is counted against it) but never reached. W3's
// second form wants many tokens of that subscriber, each new to the gateway: `mint` signs them
// as the portal's token endpoint does.
import { db } from "../lib/db";
import { setApiPlans } from "../lib/api-plans";
import { gatewayPath } from "../lib/gateway-urls";
import { changeSubscriptionPlan } from "../lib/subscriptions";
import { publishedApi, subscribedClient, unique } from "../lib/testing/fixtures";
import { accessTokenSigner } from "../lib/tokens";

export interface ServedApi {
  path: string;
  token: string;
  mint(count: number): Promise<string[]>;
}

export async function servedApi(backendUrl: string): Promise<ServedApi> {
  const { admin, api } = await publishedApi(backendUrl);
  const client = await subscribedClient(api.id);
  // No portal page makes business plans yet; the bench's is the one row written directly.
  const plan = await db.businessPlan.create({ data: { name: unique("Bench"), eventCount: 2_000_000_000, timeUnit: "SECOND" } });
  await setApiPlans(admin, api.id, ["Gold", plan.name]);
  const subscription = await db.subscription.findFirstOrThrow({ where: { applicationId: client.app.id, apiId: api.id } });
  await changeSubscriptionPlan(client.user, subscription.id, plan.name);
  const application = { id: client.app.id, name: client.app.name, ownerId: client.user.id, ownerUsername: client.user.username };
  const mint = async (count: number) => {
    const sign = await accessTokenSigner();
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      tokens.push((await sign({ application, consumerKey: client.keys.consumerKey, keyType: "PRODUCTION", validitySeconds: 3600 })).accessToken);
    }
    return tokens;
  };
  return { path: gatewayPath(api), token: client.token, mint };
}
