// The wss listener's certificate: the operator's PEM files (GATEWAY_TLS_CERT, GATEWAY_TLS_KEY),
// or a self-signed one made on the first start and kept, so clients that chose to trust it
// keep trusting it across restarts.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "selfsigned";

export interface TlsCredentials {
  cert: string;
  key: string;
}

/** Where the self-signed certificate is kept: .data/tls of the checkout, beside the rest of npm start's state. */
export const defaultTlsDir = fileURLToPath(new URL("../.data/tls", import.meta.url));

export async function tlsCredentials(options: { certFile?: string; keyFile?: string; dir?: string } = {}): Promise<TlsCredentials> {
  if (options.certFile && options.keyFile) return { cert: readPem(options.certFile, "GATEWAY_TLS_CERT"), key: readPem(options.keyFile, "GATEWAY_TLS_KEY") };
  return selfSignedCertificate(options.dir ?? defaultTlsDir);
}

function readPem(file: string, name: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`${name}=${file} cannot be read: ${(e as Error).message}`);
  }
}

/** The certificate in `dir` (gateway.crt, gateway.key), made there when there is none. */
export async function selfSignedCertificate(dir: string): Promise<TlsCredentials> {
  const certFile = join(dir, "gateway.crt");
  const keyFile = join(dir, "gateway.key");
  if (existsSync(certFile) && existsSync(keyFile)) return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
  const notAfterDate = new Date();
  notAfterDate.setFullYear(notAfterDate.getFullYear() + 2);
  const made = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
    ],
  });
  // Made beside `dir` and renamed into place whole: two gateways starting at once keep one
  // pair between them, never one's key with the other's certificate.
  mkdirSync(dirname(dir), { recursive: true });
  const making = `${dir}.${process.pid}.tmp`;
  rmSync(making, { recursive: true, force: true });
  mkdirSync(making, { mode: 0o700 });
  writeFileSync(join(making, "gateway.key"), made.private, { mode: 0o600 });
  writeFileSync(join(making, "gateway.crt"), made.cert, { mode: 0o644 });
  try {
    renameSync(making, dir);
  } catch (e) {
    rmSync(making, { recursive: true, force: true });
    // Another process got there first (or `dir` holds something else): use what is there.
    if (existsSync(certFile) && existsSync(keyFile)) return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
    throw new Error(`cannot keep the gateway's self-signed certificate in ${dir}: ${(e as Error).message}`);
  }
  return { cert: made.cert, key: made.private };
}
