import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { parseDefinition } from "../lib/asyncapi";
import { publishedApi } from "../lib/testing/fixtures";
import { echoUrl } from "./stack";
import { signIn } from "./session";
import { openTab } from "./tabs";

test("a creator edits the AsyncAPI definition, and developers read the topics it describes", async ({ page }) => {
  const { admin, api } = await publishedApi(echoUrl);
  await page.goto("/login");
  await signIn(page, admin.username, "secret");

  await page.goto(`/publisher/apis/${api.id}`);
  await openTab(page, "AsyncAPI Definition");
  const editor = page.getByLabel("AsyncAPI definition editor").getByRole("textbox");
  await expect(editor).toContainText("asyncapi: 2.6.0");
  await expect(editor).toContainText("/*:");

  // An invalid definition is refused with the parser's reasons and their lines.
  await editor.fill("asyncapi: 2.6.0\ninfo:\n  title: Chat\nchannels: {}\n");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The definition is not valid: nothing was saved.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Definition errors" })).toContainText('Line 2: "info" property must have required property "version"');

  // A valid one becomes the API's topics.
  const definition = {
    asyncapi: "2.6.0",
    info: { title: api.name, version: "1.0" },
    channels: {
      "/rooms/{roomId}": {
        description: "Messages of one chat room",
        parameters: { roomId: { description: "The room's id", schema: { type: "string" } } },
        publish: { message: { name: "ChatMessage", payload: { type: "object", required: ["text"], properties: { text: { type: "string", description: "What was said" } } } } },
        subscribe: { message: { name: "ChatEvent", payload: { type: "string" } } },
      },
    },
  };
  await editor.fill(YAML.stringify(definition));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Definition saved: topics updated")).toBeVisible();
  await openTab(page, "Overview");
  await expect(page.getByText("/rooms/{roomId}").first()).toBeVisible();

  // Developers read what the gateway serves: until it is deployed, they still see /*.
  await page.goto(`/devportal/apis/${api.id}/documentation`);
  await expect(page.getByRole("heading", { name: "/*" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "/rooms/{roomId}" })).toHaveCount(0);
  await page.goto(`/publisher/apis/${api.id}`);
  await page.getByRole("link", { name: "Undeployed changes" }).click();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.getByRole("dialog", { name: "Deploy" }).getByRole("button", { name: "Deploy" }).click();
  await expect(page.getByText("Revision 2 deployed to Production")).toBeVisible();

  // The Developer Portal documents the topic, its operations and the message's payload.
  await page.goto(`/devportal/apis/${api.id}`);
  await openTab(page, "Documentation");
  await expect(page.getByRole("heading", { name: "/rooms/{roomId}" })).toBeVisible();
  await expect(page.getByText("Messages of one chat room")).toBeVisible();
  await expect(page.getByText("Clients send these messages")).toBeVisible();
  await expect(page.getByText("Clients receive these messages")).toBeVisible();
  await expect(page.getByText("Message ChatMessage")).toBeVisible();
  await expect(page.getByText("— What was said")).toBeVisible();
  await expect(page.getByText("/*", { exact: true })).toHaveCount(0);
});

test("a creator imports an AsyncAPI 3.0 definition and gets an API with its topics", async ({ page }) => {
  const { makeUser, unique } = await import("../lib/testing/fixtures");
  const creator = await makeUser(["CREATOR"]);
  const title = unique("Ticker");
  await page.goto("/login");
  await signIn(page, creator.username, "secret");
  await page.goto("/publisher/apis");
  await page.getByRole("button", { name: "Create API" }).first().click();
  await page.getByRole("menuitem", { name: /Import AsyncAPI/ }).click();

  await page.getByLabel("AsyncAPI definition").fill("asyncapi: 3.0.0\ninfo:\n  title: x\n");
  await page.getByLabel("Context").fill(`/${title.toLowerCase()}`);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("The definition is not valid: no API was created.")).toBeVisible();

  await page.getByLabel("AsyncAPI definition").fill(
    YAML.stringify({
      asyncapi: "3.0.0",
      info: { title, version: "2.0", description: "Live prices" },
      channels: { ticks: { address: "/ticks/{symbol}", parameters: { symbol: {} }, messages: { tick: { payload: { type: "number" } } } } },
      operations: { listen: { action: "send", channel: { $ref: "#/channels/ticks" } } },
    }),
  );
  await page.getByLabel("Endpoint").fill(echoUrl);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText("/ticks/{symbol}").first()).toBeVisible();
});

test("a creator downloads the definition as AsyncAPI 3.0 and 2.6, named after the API, and a parser accepts both", async ({ page }) => {
  const { admin, api } = await publishedApi(echoUrl);
  await page.goto("/login");
  await signIn(page, admin.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/asyncapi`);

  const download = async (choice: string) => {
    await page.getByRole("button", { name: "Download" }).click();
    const started = page.waitForEvent("download");
    await page.getByRole("menuitem", { name: choice }).click();
    const file = await started;
    const chunks: Buffer[] = [];
    for await (const chunk of (await file.createReadStream())!) chunks.push(chunk as Buffer);
    return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString() };
  };

  const v3 = await download("AsyncAPI 3.0 · YAML");
  expect(v3.name).toBe(`${api.name}-1.0-asyncapi.yaml`);
  const parsed3 = await parseDefinition(v3.text);
  expect(parsed3.errors).toEqual([]);
  expect(parsed3.document?.version()).toBe("3.0.0");
  expect(parsed3.document?.channels().all().map((c) => c.address())).toContain("/*");

  const v2 = await download("AsyncAPI 2.6 · JSON");
  expect(v2.name).toBe(`${api.name}-1.0-asyncapi.json`);
  expect(JSON.parse(v2.text).asyncapi).toBe("2.6.0");
  expect((await parseDefinition(v2.text)).errors).toEqual([]);
});
