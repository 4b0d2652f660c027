import { describe, expect, it } from "vitest";
import { updateApiInfo } from "./api-info";
import { listPortalApis, listPortalTags } from "./apis";
import { db } from "./db";
import { makeUser, publishedApi, unique } from "./testing/fixtures";

describe("updateApiInfo", () => {
  it("saves the description and normalised tags", async () => {
    const { admin, api } = await publishedApi("ws://localhost:1");
    await updateApiInfo(admin, api.id, { description: "Live prices", tags: ["Market", "prices", "market"] });
    expect(await db.api.findUniqueOrThrow({ where: { id: api.id }, select: { description: true, tags: true } })).toEqual({
      description: "Live prices",
      tags: ["market", "prices"],
    });
  });

  it("refuses users without the creator role and leaves the API as it was", async () => {
    const { api } = await publishedApi("ws://localhost:1");
    for (const roles of [["PUBLISHER"], ["SUBSCRIBER"]] as const) {
      const user = await makeUser([...roles]);
      await expect(updateApiInfo(user, api.id, { description: "x", tags: ["x"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.api.findUniqueOrThrow({ where: { id: api.id }, select: { tags: true } })).toEqual({ tags: [] });
  });

  it("says NOT_FOUND for an unknown API", async () => {
    const creator = await makeUser(["CREATOR"]);
    await expect(updateApiInfo(creator, "00000000-0000-0000-0000-000000000000", { tags: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the Developer Portal's search by tag", () => {
  it("finds an API by an exact tag, in the query or as the tag filter, whatever its case", async () => {
    const tag = unique("tag");
    const { admin, api } = await publishedApi("ws://localhost:1");
    const { api: other } = await publishedApi("ws://localhost:1");
    await updateApiInfo(admin, api.id, { tags: [tag, "shared"] });

    expect((await listPortalApis(tag.toUpperCase())).map((a) => a.id)).toEqual([api.id]);
    expect((await listPortalApis(undefined, tag)).map((a) => a.id)).toEqual([api.id]);
    // A part of a tag is not the tag.
    expect(await listPortalApis(undefined, tag.slice(0, -1))).toEqual([]);
    expect((await listPortalApis()).map((a) => a.id)).toContain(other.id);
    expect(await listPortalTags()).toContainEqual({ tag, count: 1 });
  });
});
