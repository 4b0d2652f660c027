// The wss listener: the same handshake pipeline behind TLS, with the operator's certificate
// or a self-signed one made on the first start and kept for the next.
import { X509Certificate } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { recordingBackend, roundTrip, servedApi, testGateway, type RecordingBackend } from "./testing/harness";
import { tlsCredentials } from "./tls";

let backend: RecordingBackend;
const dir = join(mkdtempSync(join(tmpdir(), "duplex-tls-")), "tls");

beforeAll(async () => {
  backend = await recordingBackend();
});

afterAll(async () => {
  await backend?.close();
});

/** Opens a wss client; resolves with the socket and the certificate the gateway presented. */
async function openWss(url: string, token: string, tls: { ca?: string; rejectUnauthorized?: boolean }) {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, ...tls });
  const [upgraded, opened] = [once(ws, "upgrade"), once(ws, "open")];
  const [res] = (await upgraded) as [IncomingMessage];
  const presented = (res.socket as TLSSocket).getPeerX509Certificate();
  await opened;
  return { ws, presented };
}

describe("the wss listener", () => {
  it("makes a self-signed certificate on first start, serves wss with it, and keeps the key private", async () => {
    const credentials = await tlsCredentials({ dir });
    expect(statSync(join(dir, "gateway.key")).mode & 0o777).toBe(0o600);
    const gateway = await testGateway({ tls: { port: 0, ...credentials } });
    const served = await servedApi(gateway, backend.url);
    const { ws } = await openWss(`wss://127.0.0.1:${gateway.tlsPort}${served.path}`, served.token, { ca: credentials.cert });
    expect((await roundTrip(ws, "over tls")).data.toString()).toBe("over tls");
    // The backend learns the client came over TLS.
    expect(backend.requests.at(-1)!.headers.forwarded).toBe("for=127.0.0.1;proto=wss");
    ws.close();
    await gateway.close();
  });

  it("reuses the certificate it made on the next start", async () => {
    const first = await tlsCredentials({ dir });
    const again = await tlsCredentials({ dir });
    expect(again).toEqual(first);
    const gateway = await testGateway({ tls: { port: 0, ...again } });
    const served = await servedApi(gateway, backend.url);
    const { ws, presented } = await openWss(`wss://127.0.0.1:${gateway.tlsPort}${served.path}`, served.token, { rejectUnauthorized: false });
    expect(presented?.fingerprint256).toBe(new X509Certificate(first.cert).fingerprint256);
    expect((await roundTrip(ws, "same cert")).data.toString()).toBe("same cert");
    ws.close();
    await gateway.close();
  });

  it("serves the certificate in GATEWAY_TLS_CERT and GATEWAY_TLS_KEY when they are set", async () => {
    const own = await tlsCredentials({ dir: join(dir, "..", "operator") });
    const files = mkdtempSync(join(tmpdir(), "duplex-pem-"));
    writeFileSync(join(files, "cert.pem"), own.cert);
    writeFileSync(join(files, "key.pem"), own.key);
    const loaded = await tlsCredentials({ certFile: join(files, "cert.pem"), keyFile: join(files, "key.pem"), dir });
    expect(loaded).toEqual(own);
    const gateway = await testGateway({ tls: { port: 0, ...loaded } });
    const served = await servedApi(gateway, backend.url);
    const { ws, presented } = await openWss(`wss://127.0.0.1:${gateway.tlsPort}${served.path}`, served.token, { ca: own.cert });
    expect(presented?.fingerprint256).toBe(new X509Certificate(own.cert).fingerprint256);
    ws.close();
    await gateway.close();
  });

  it("names the file it cannot read", async () => {
    await expect(tlsCredentials({ certFile: "/nonexistent/cert.pem", keyFile: "/nonexistent/key.pem" })).rejects.toThrow(
      "GATEWAY_TLS_CERT=/nonexistent/cert.pem cannot be read",
    );
  });
});
