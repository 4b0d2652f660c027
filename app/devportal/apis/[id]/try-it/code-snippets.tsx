"use client";
import Box from "@mui/material/Box";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { useState } from "react";
import { CopyField } from "@/components/copy-field";

/** How a program sends its credential: an access token as a Bearer token, an API key as `apikey`. */
export interface SnippetCredential {
  kind: "token" | "apiKey";
  value: string;
}

/** How to call the API from a program: the same URL and credential in four clients. */
export function snippets(url: string, credential: SnippetCredential): { label: string; code: string }[] {
  const v = credential.value;
  const [header, value, param, what] = credential.kind === "apiKey" ? ["apikey", v, "apikey", "the key"] : ["Authorization", `Bearer ${v}`, "access_token", "the token"];
  return [
    { label: "wscat", code: `wscat -c '${url}' \\\n  -H '${header}: ${value}'` },
    {
      label: "JavaScript (browser)",
      code: `// Browsers cannot set headers on a WebSocket: ${what} goes in the query.\nconst socket = new WebSocket("${url}?${param}=" + encodeURIComponent("${v}"));\nsocket.onopen = () => socket.send("hello");\nsocket.onmessage = (event) => console.log("received", event.data);\nsocket.onclose = (event) => console.log("closed", event.code, event.reason);`,
    },
    {
      label: "Node.js (ws)",
      code: `import WebSocket from "ws";\n\nconst socket = new WebSocket("${url}", {\n  headers: { ${header === "apikey" ? "apikey" : "Authorization"}: "${value}" },\n});\nsocket.on("open", () => socket.send("hello"));\nsocket.on("message", (data) => console.log("received", data.toString()));\nsocket.on("unexpected-response", (_req, res) => console.error("refused", res.statusCode));`,
    },
    {
      label: "Python (websockets)",
      code: `import asyncio\nimport websockets\n\nasync def main():\n    async with websockets.connect(\n        "${url}",\n        additional_headers={"${header}": "${value}"},\n    ) as socket:\n        await socket.send("hello")\n        print("received", await socket.recv())\n\nasyncio.run(main())`,
    },
  ];
}

export function CodeSnippets({ url, credential }: { url: string; credential: SnippetCredential }) {
  const [tab, setTab] = useState(0);
  const all = snippets(url, credential);
  return (
    <Box>
      <Tabs value={tab} onChange={(_e, v: number) => setTab(v)} aria-label="Code snippets" sx={{ mb: 2 }}>
        {all.map((s, i) => (
          <Tab key={s.label} label={s.label} value={i} />
        ))}
      </Tabs>
      <CopyField label={all[tab].label} value={all[tab].code} multiline />
    </Box>
  );
}
