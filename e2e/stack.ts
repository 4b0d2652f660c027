// Where the e2e stack listens: ports of its own, so a running `npm start` does not collide.
export const stack = {
  portalPort: Number(process.env.E2E_PORT ?? 3456),
  gatewayPort: Number(process.env.E2E_GATEWAY_PORT ?? 19099),
  echoPort: Number(process.env.E2E_ECHO_PORT ?? 17070),
};
// The Development gateway (and its admin port, one below): close to the Production one, clear of other stacks' port sets.
export const devGatewayPort = Number(process.env.E2E_DEV_GATEWAY_PORT ?? stack.gatewayPort + 10);
// A second portal process on the same database, started by the spec that needs one.
export const secondPortalPort = Number(process.env.E2E_SECOND_PORT ?? stack.portalPort + 1);
export const portalUrl = `http://localhost:${stack.portalPort}`;
export const gatewayUrl = `ws://localhost:${stack.gatewayPort}`;
export const devGatewayUrl = `ws://localhost:${devGatewayPort}`;
export const echoUrl = `ws://localhost:${stack.echoPort}`;
