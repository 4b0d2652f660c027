import { expect, test } from "@playwright/test";
import { createApi } from "../lib/apis";
import { makeUser, unique } from "../lib/testing/fixtures";
import { signIn } from "./session";

test("a creator adds a parameterised topic with a URL mapping, deletes /*, saves; a publisher only reads", async ({ page }) => {
  const creator = await makeUser(["CREATOR"]);
  const name = unique("Chat");
  const api = await createApi(creator, { name, context: `/${name.toLowerCase()}`, version: "1.0" });

  await signIn(page, creator.username, "secret");
  await page.goto(`/publisher/apis/${api.id}`);
  await page.getByRole("link", { name: "Open Topics" }).click();
  await expect(page.getByRole("tab", { name: "Topics", selected: true })).toBeVisible();
  const topics = page.getByRole("grid", { name: "Topics" });
  await expect(topics).toContainText("/*");

  // Each mistake is named at its field.
  await page.getByLabel("Topic name").fill("rooms");
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByText("A topic starts with '/', such as /rooms/{roomId}.")).toBeVisible();
  await page.getByLabel("Topic name").fill("/rooms/{roomId}");
  await page.getByRole("checkbox", { name: "Publish" }).uncheck();
  await page.getByRole("checkbox", { name: "Subscribe" }).uncheck();
  await page.getByRole("textbox", { name: "URL Mapping" }).fill("/chat/{userId}");
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByText("Choose Publish, Subscribe or both.")).toBeVisible();
  await expect(page.getByText("{userId} is not a parameter of /rooms/{roomId}.")).toBeVisible();

  await page.getByRole("checkbox", { name: "Subscribe" }).check();
  await page.getByRole("textbox", { name: "URL Mapping" }).fill("/chat/{roomId}");
  await page.getByLabel("Topic description").fill("Messages of one room.");
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(topics.getByRole("row", { name: /\/rooms\/\{roomId\}/ })).toContainText("/chat/{roomId}");

  await page.getByLabel("Topic name").fill("/rooms/{id}");
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByText("/rooms/{id} matches the same paths as /rooms/{roomId}.")).toBeVisible();

  await page.getByRole("button", { name: "Delete topic /*" }).click();
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Topics saved")).toBeVisible();

  await page.reload();
  const row = topics.getByRole("row", { name: /\/rooms\/\{roomId\}/ });
  await expect(row).toContainText("Subscribe");
  await expect(row).not.toContainText("Publish");
  await expect(row).toContainText("Messages of one room.");
  await expect(topics.getByRole("row")).toHaveCount(2);

  // A publisher sees the topics but cannot change them.
  const publisher = await makeUser(["PUBLISHER"]);
  await page.context().clearCookies();
  await signIn(page, publisher.username, "secret");
  await page.goto(`/publisher/apis/${api.id}/topics`);
  await expect(page.getByText("Changing topics needs the creator role.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add topic" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete topic /rooms/{roomId}" })).toHaveCount(0);
});
