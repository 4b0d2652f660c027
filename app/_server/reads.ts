// Reads that an API's layout and the page below it both make, done once per request (React's
// cache): the layout's header and the page ask for the same API. The actor comes from the
// cached sessionActor, so layout and page pass the same object and the cache matches.
import { cache } from "react";
import { getApiForPublisher, getPortalApi } from "@/lib/apis";
import { deploymentSummary } from "@/lib/deployments";

export const apiForPublisher = cache(getApiForPublisher);
export const portalApi = cache(getPortalApi);
export const deploymentSummaryOf = cache(deploymentSummary);
