// Which API and topic a request path names. The API is the one whose gateway path is the
// longest prefix of the request path ending at a segment boundary; what follows selects a topic.
import type { ApiRoute, ConfigSnapshot } from "../config/snapshot";
import { refusal, type Refusal } from "./refuse";
import { stage } from "./stage";
import { matchTopic, type TopicRoute } from "../config/topics";

export interface RouteMatch {
  api: ApiRoute;
  topic: TopicRoute;
  /** The topic's `{param}` values from the path, percent-encoded as sent. */
  params: Record<string, string>;
  /** The path after the API's gateway path: "" or "/…". */
  rest: string;
}

export function findApi(routes: ReadonlyMap<string, ApiRoute>, path: string): ApiRoute | undefined {
  for (let end = path.length; end > 0; end = path.lastIndexOf("/", end - 1)) {
    const api = routes.get(end === path.length ? path : path.slice(0, end));
    if (api) return api;
  }
  return undefined;
}

export function resolveRoute(snapshot: ConfigSnapshot, path: string): RouteMatch | Refusal {
  const api = findApi(snapshot.routes, path);
  if (!api) return refusal(404, "not_found", `No API is served at ${path}.`);
  const rest = path.slice(api.path.length);
  const match = matchTopic(api.topics, rest);
  if (!match) return refusal(404, "topic_not_found", `${api.name} ${api.version} has no topic ${rest || "/"}.`);
  return { api, topic: match.topic, params: match.params, rest };
}

export const resolveRouteStage = stage("route", (h: { snapshot: ConfigSnapshot; upgrade: { path: string } }) => resolveRoute(h.snapshot, h.upgrade.path), {
  readsSnapshot: true,
});
