"use client";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import Typography from "@mui/material/Typography";
import { useEffect, useRef, useState } from "react";
import { explainRefusalAction, tryItTokenAction } from "@/app/devportal/apis/[id]/actions";
import type { ProbeOutcome } from "@/lib/handshake-probe";
import { CodeSnippets } from "./code-snippets";
import { useAction } from "@/components/use-action";
import { SectionCard } from "@/components/section-card";

type KeyType = "PRODUCTION" | "SANDBOX";
interface LogEntry {
  at: Date;
  kind: "sent" | "received" | "event" | "error";
  text: string;
}

export interface TryItApplication {
  id: string;
  name: string;
  keyTypes: KeyType[];
}

/** What the gateway told the portal when it repeated the console's handshake. */
function whyRefused(outcome: ProbeOutcome): string {
  if (outcome.kind === "opened") return "Repeated from the portal, the handshake succeeded: the connection dropped, or what refused it has changed since.";
  if (outcome.kind === "unreachable") return `The portal could not reach the gateway either: ${outcome.message}`;
  return `The gateway refused the handshake: ${outcome.status}${outcome.error ? ` ${outcome.error}` : ""}${outcome.message ? `: ${outcome.message}` : ""}`;
}

const time = (d: Date) => d.toLocaleTimeString("en-GB", { hour12: false }) + "." + String(d.getMilliseconds()).padStart(3, "0");
const arrows: Record<LogEntry["kind"], string> = { sent: "↑", received: "↓", event: "•", error: "!" };

/** A WebSocket client in the page: connects to the gateway with one of the user's tokens. */
export function TryItConsole(props: { apiId: string; gatewayUrl: string; topics: string[]; applications: TryItApplication[]; authentication: "oauth2" | "apiKey" | "both" }) {
  const [applicationId, setApplicationId] = useState(props.applications[0]?.id ?? "");
  const application = props.applications.find((a) => a.id === applicationId);
  const [keyType, setKeyType] = useState<KeyType>(application?.keyTypes[0] ?? "PRODUCTION");
  const [token, setToken] = useState("");
  // What the API takes decides what the console sends: a token, or one of the application's API keys.
  const [credential, setCredential] = useState<"token" | "apiKey">(props.authentication === "apiKey" ? "apiKey" : "token");
  const param = credential === "apiKey" ? "apikey" : "access_token";
  const [topicPath, setTopicPath] = useState(props.topics.includes("/*") ? "" : (props.topics[0] ?? ""));
  const [message, setMessage] = useState("");
  const [log, setLog] = useState<LogEntry[]>([]);
  const [state, setState] = useState<"idle" | "connecting" | "open" | "closed">("idle");
  const testToken = useAction(tryItTokenAction, { onSuccess: (issued) => setToken(issued.accessToken) });
  const explain = useAction(explainRefusalAction, { onSuccess: (outcome) => add(outcome.kind === "opened" ? "event" : "error", whyRefused(outcome)) });
  const error = testToken.error ?? explain.error;
  const socket = useRef<WebSocket | null>(null);
  const logEnd = useRef<HTMLDivElement | null>(null);

  const url = `${props.gatewayUrl}${topicPath}`;
  const add = (kind: LogEntry["kind"], text: string) => setLog((l) => [...l, { at: new Date(), kind, text }]);

  useEffect(() => () => socket.current?.close(1000, "Console closed"), []);
  useEffect(() => {
    // In braces: scrollIntoView returns a promise in current browsers, and an effect may return only its clean-up.
    logEnd.current?.scrollIntoView({ block: "nearest" });
  }, [log]);

  function connect() {
    setState("connecting");
    add("event", `Connecting to ${url}`);
    const ws = new WebSocket(`${url}?${param}=${encodeURIComponent(token)}`);
    socket.current = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      setState("open");
      add("event", "Connected");
    };
    ws.onmessage = (e) => add("received", typeof e.data === "string" ? e.data : `[binary ${(e.data as Blob).size} bytes]`);
    ws.onclose = (e) => {
      setState("closed");
      // A refused handshake reaches a browser only as 1006: it cannot read the HTTP status.
      // So the portal asks the gateway itself, with the same token and path, and says what it answered.
      const refused = e.code === 1006 && !opened;
      const hint = refused ? " (the browser is not told why: asking the gateway…)" : e.code === 1006 ? " (no close frame: the connection dropped)" : "";
      add(e.code === 1000 ? "event" : "error", `Closed with code ${e.code}${e.reason ? `: ${e.reason}` : ""}${hint}`);
      if (refused) explain.run({ apiId: props.apiId, topicPath, credential: { kind: credential, value: token } });
    };
  }

  function send() {
    if (!socket.current || socket.current.readyState !== WebSocket.OPEN || message === "") return;
    socket.current.send(message);
    add("sent", message);
    setMessage("");
  }

  if (props.applications.length === 0) {
    return <Alert severity="info">Subscribe one of your applications to this API, then come back to try it.</Alert>;
  }

  return (
    <Stack spacing={2}>
      <SectionCard title="Connection">
        <Stack spacing={2} sx={{ mt: 1 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: { md: "center" } }}>
            <TextField select label="Application" value={applicationId} onChange={(e) => setApplicationId(e.target.value)} sx={{ minWidth: 240 }} fullWidth={false}>
              {props.applications.map((a) => (
                <MenuItem key={a.id} value={a.id}>
                  {a.name}
                </MenuItem>
              ))}
            </TextField>
            <ToggleButtonGroup exclusive size="small" value={keyType} onChange={(_e, v: KeyType | null) => v && setKeyType(v)} aria-label="Key type">
              <ToggleButton value="PRODUCTION">Production</ToggleButton>
              <ToggleButton value="SANDBOX">Sandbox</ToggleButton>
            </ToggleButtonGroup>
            {props.authentication === "both" && (
              <ToggleButtonGroup
                exclusive
                size="small"
                value={credential}
                onChange={(_e, v: "token" | "apiKey" | null) => {
                  if (!v) return;
                  setCredential(v);
                  setToken("");
                }}
                aria-label="Credential"
              >
                <ToggleButton value="token">Access token</ToggleButton>
                <ToggleButton value="apiKey">API key</ToggleButton>
              </ToggleButtonGroup>
            )}
            {credential === "token" && (
              <Button
                variant="outlined"
                onClick={() => testToken.run({ apiId: props.apiId, applicationId, keyType })}
                disabled={!application?.keyTypes.includes(keyType)}
                loading={testToken.pending}
                loadingPosition="start"
              >
                Get test token
              </Button>
            )}
            {credential === "token" && application && !application.keyTypes.includes(keyType) && (
              <Typography variant="body2" color="text.secondary">
                Generate {keyType === "PRODUCTION" ? "production" : "sandbox"} keys for {application.name} first.
              </Typography>
            )}
          </Stack>
          {credential === "token" ? (
            <TextField label="Access token" value={token} onChange={(e) => setToken(e.target.value.trim())} placeholder="Get a test token, or paste one" />
          ) : (
            <TextField
              label="API key"
              value={token}
              onChange={(e) => setToken(e.target.value.trim())}
              placeholder="dpx_…"
              helperText={`Paste a key from ${application?.name ?? "your application"}'s API Keys tab: it is shown only when generated.`}
            />
          )}
          <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
            <TextField
              select
              label="Topic"
              value={props.topics.find((t) => t === topicPath) ?? (topicPath === "" ? "/*" : "")}
              onChange={(e) => setTopicPath(e.target.value === "/*" ? "" : e.target.value)}
              sx={{ minWidth: 240 }}
              fullWidth={false}
            >
              {props.topics.map((t) => (
                <MenuItem key={t} value={t}>
                  {t}
                </MenuItem>
              ))}
            </TextField>
            <TextField label="Path under the API" value={topicPath} onChange={(e) => setTopicPath(e.target.value)} helperText={`Connects to ${url}`} />
          </Stack>
          <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
            {state === "open" || state === "connecting" ? (
              <Button variant="outlined" color="warning" onClick={() => socket.current?.close(1000, "Closed from the console")}>
                Disconnect
              </Button>
            ) : (
              <Button variant="contained" onClick={connect} disabled={!token}>
                Connect
              </Button>
            )}
            <Chip
              label={{ idle: "Not connected", connecting: "Connecting", open: "Connected", closed: "Closed" }[state]}
              color={state === "open" ? "success" : state === "closed" ? "default" : "info"}
              variant={state === "open" ? "filled" : "outlined"}
            />
          </Stack>
        </Stack>
      </SectionCard>
      <SectionCard title="Messages" action={log.length > 0 && <Button size="small" onClick={() => setLog([])}>Clear</Button>}>
        <Box
          role="log"
          aria-label="Messages"
          sx={{ fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", fontSize: 13, bgcolor: "#1e1f2b", color: "#e6e6e6", borderRadius: 2, p: 2, height: 260, overflowY: "auto", my: 1 }}
        >
          {log.length === 0 && <Box sx={{ color: "#8a8fa3" }}>Connect, then send a message: both directions show here.</Box>}
          {log.map((entry, i) => (
            <Box key={i} sx={{ color: { sent: "#9fd3ff", received: "#a8e6a1", event: "#c7c9d9", error: "#ff9f9f" }[entry.kind], whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
              <Box component="span" sx={{ color: "#8a8fa3" }}>
                {time(entry.at)}
              </Box>{" "}
              {arrows[entry.kind]} {entry.text}
            </Box>
          ))}
          <div ref={logEnd} />
        </Box>
        <Stack
          component="form"
          direction="row"
          spacing={1}
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <TextField size="small" label="Message" value={message} onChange={(e) => setMessage(e.target.value)} disabled={state !== "open"} />
          <Button type="submit" variant="contained" disabled={state !== "open" || message === ""}>
            Send
          </Button>
        </Stack>
      </SectionCard>
      <SectionCard title="Code snippets">
        <CodeSnippets url={url} credential={{ kind: credential, value: token || (credential === "apiKey" ? "<API key>" : "<access token>") }} />
      </SectionCard>
    </Stack>
  );
}
