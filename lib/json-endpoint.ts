// The one wrapper of the portal's route handlers (the /oauth2 endpoints, the AsyncAPI downloads):
// a refusal the route knows how to say becomes its answer; anything else is logged to the one
// logger and answered 500 without its message, never with a stack. Plain Web Request/Response,
// so it runs and is tested without Next.js.
import { DuplexError, httpStatusOf } from "./errors";
import { logger } from "./logger";

export interface EndpointAnswers {
  /** The answer to an error the route expects (a domain refusal), or null for an unexpected one. */
  refusal: (e: unknown) => Response | null;
  /** The answer to an unexpected error: a bare 500 in the route's own error format. */
  failure: () => Response;
}

export function jsonEndpoint<C>(answers: EndpointAnswers, handle: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handle(request, context);
    } catch (e) {
      const refusal = answers.refusal(e);
      if (refusal) return refusal;
      logger.error({ err: e, method: request.method, path: new URL(request.url).pathname }, "route handler failed");
      return answers.failure();
    }
  };
}

/** The answers of the portal's own JSON routes: `{ error, message }` with the domain error's status. */
export const duplexAnswers: EndpointAnswers = {
  refusal: (e) => (e instanceof DuplexError ? Response.json({ error: e.code.toLowerCase(), message: e.message }, { status: httpStatusOf[e.code] }) : null),
  failure: () => Response.json({ error: "server_error", message: "Something went wrong on our side. Try again." }, { status: 500 }),
};

/** A route handler of the portal's JSON routes (DuplexError → its status; anything else → a logged 500). */
export function duplexEndpoint<C>(handle: (request: Request, context: C) => Promise<Response>) {
  return jsonEndpoint(duplexAnswers, handle);
}
