// An API's topics, compiled once per snapshot and matched against the path that follows
// the API's gateway path: the exact name first, then parameterised names
// (`/rooms/{roomId}`, `/rooms/{roomId}/*`), then the catch-all `/*`.

export interface TopicRoute {
  name: string;
  /** The backend path for this topic, with `{param}`s taken from the request path. */
  urlMapping: string | null;
  publish: boolean;
  subscribe: boolean;
}

interface TopicPattern {
  topic: TopicRoute;
  /** One entry per path segment: a literal, or null where a `{param}` goes. */
  literals: (string | null)[];
  params: string[];
  /** Ends in `/*`: matches one or more further segments. */
  tail: boolean;
}

export interface TopicTable {
  exact: Map<string, TopicRoute>;
  patterns: TopicPattern[];
  catchAll: TopicRoute | undefined;
}

export interface TopicMatch {
  topic: TopicRoute;
  params: Record<string, string>;
}

const paramSegment = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

function isPattern(name: string): boolean {
  return name.includes("{") || name.endsWith("/*");
}

function compilePattern(topic: TopicRoute): TopicPattern {
  const segments = topic.name.slice(1).split("/");
  const tail = segments[segments.length - 1] === "*";
  if (tail) segments.pop();
  const params: string[] = [];
  const literals = segments.map((segment) => {
    const param = paramSegment.exec(segment);
    if (!param) return segment;
    params.push(param[1]);
    return null;
  });
  return { topic, literals, params, tail };
}

function literalCount(p: TopicPattern): number {
  return p.literals.reduce((n, l) => (l === null ? n : n + 1), 0);
}

export function compileTopics(topics: readonly TopicRoute[]): TopicTable {
  const table: TopicTable = { exact: new Map(), patterns: [], catchAll: undefined };
  for (const topic of topics) {
    if (topic.name === "/*") table.catchAll = topic;
    else if (isPattern(topic.name)) table.patterns.push(compilePattern(topic));
    else table.exact.set(topic.name, topic);
  }
  // The most specific pattern wins: more literal segments, then more segments, then no tail.
  table.patterns.sort(
    (a, b) =>
      literalCount(b) - literalCount(a) ||
      b.literals.length - a.literals.length ||
      Number(a.tail) - Number(b.tail) ||
      a.topic.name.localeCompare(b.topic.name),
  );
  return table;
}

function matchPattern(p: TopicPattern, segments: string[]): Record<string, string> | undefined {
  if (p.tail ? segments.length <= p.literals.length : segments.length !== p.literals.length) return undefined;
  const params: Record<string, string> = {};
  let next = 0;
  for (let i = 0; i < p.literals.length; i++) {
    const literal = p.literals[i];
    if (literal === null) {
      if (segments[i] === "") return undefined;
      params[p.params[next++]] = segments[i];
    } else if (literal !== segments[i]) {
      return undefined;
    }
  }
  return params;
}

/** `rest` is what follows the API's path: "" or "/…". Params stay percent-encoded, as sent. */
export function matchTopic(table: TopicTable, rest: string): TopicMatch | undefined {
  const path = rest === "" ? "/" : rest;
  const exact = table.exact.get(path);
  if (exact) return { topic: exact, params: {} };
  if (table.patterns.length) {
    const segments = path.slice(1).split("/");
    for (const p of table.patterns) {
      const params = matchPattern(p, segments);
      if (params) return { topic: p.topic, params };
    }
  }
  return table.catchAll ? { topic: table.catchAll, params: {} } : undefined;
}

/** The topic's URL mapping with its `{param}`s filled in. */
export function mappedPath(urlMapping: string, params: Record<string, string>): string {
  const path = urlMapping.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => params[name] ?? "");
  return path.startsWith("/") || path === "" ? path : `/${path}`;
}
