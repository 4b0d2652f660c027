"use client";
import Box from "@mui/material/Box";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { useState } from "react";
import { CopyField } from "@/components/copy-field";

/** How to call the API from a program: the same URL and token in four clients. */
export function snippets(url: string, token: string): { label: string; code: string }[] {
  return [
    { label: "wscat", code: `wscat -c '${url}' \\\n  -H 'Authorization: Bearer ${token}'` },
    {
      label: "JavaScript (browser)",
      code: `// Browsers cannot set headers on a WebSocket: the token goes in the query.\nconst socket = new WebSocket("${url}?access_token=" + encodeURIComponent("${token}"));\nsocket.onopen = () => socket.send("hello");\nsocket.onmessage = (event) => console.log("received", event.data);\nsocket.onclose = (event) => console.log("closed", event.code, event.reason);`,
    },
    {
      label: "Node.js (ws)",
      code: `import WebSocket from "ws";\n\nconst socket = new WebSocket("${url}", {\n  headers: { Authorization: "Bearer ${token}" },\n});\nsocket.on("open", () => socket.send("hello"));\nsocket.on("message", (data) => console.log("received", data.toString()));\nsocket.on("unexpected-response", (_req, res) => console.error("refused", res.statusCode));`,
    },
    {
      label: "Python (websockets)",
      code: `import asyncio\nimport websockets\n\nasync def main():\n    async with websockets.connect(\n        "${url}",\n        additional_headers={"Authorization": "Bearer ${token}"},\n    ) as socket:\n        await socket.send("hello")\n        print("received", await socket.recv())\n\nasyncio.run(main())`,
    },
  ];
}

export function CodeSnippets({ url, token }: { url: string; token: string }) {
  const [tab, setTab] = useState(0);
  const all = snippets(url, token);
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
