import { expect, type Page } from "@playwright/test";

/**
 * Opens one of a page's link tabs as a person would: clicks it until it is the selected one.
 * A click that lands while the page is still hydrating can be let go by the router without a
 * request (seen in CI: the Usage tab, 40 ms after the page's load event); a person clicks
 * again, and so does this.
 */
export async function openTab(page: Page, name: string) {
  await expect(async () => {
    await page.getByRole("tab", { name }).click();
    await expect(page.getByRole("tab", { name, selected: true })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
}
