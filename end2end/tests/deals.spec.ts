import path from "node:path";
import { expect, test } from "@playwright/test";
import { createDeal, deleteDeal, signIn, uniqueSuffix, waitForHydration } from "./support";

const created: string[] = [];

test.afterEach(async ({ request }) => {
  for (const id of created.splice(0)) await deleteDeal(request, id);
});

test("deals created through the API are listed and sort by value", async ({ page, request }) => {
  const run = `Playwright Deal ${uniqueSuffix()}`;
  const small = `${run} small`;
  const large = `${run} large`;
  created.push(await createDeal(request, small, 12345));
  created.push(await createDeal(request, large, 67890));

  await signIn(page);
  await waitForHydration(page);
  const objects = page.getByRole("navigation", { name: "Objects" });
  await objects.getByRole("link", { name: "Deals", exact: true }).click();
  await expect(page).toHaveURL(/\/objects\/deals/);
  await expect(page.getByRole("heading", { name: "Deals" })).toBeVisible();
  // However many deals the database holds, these two are the view.
  const filter = JSON.stringify({ name: { $starts_with: run } });
  await page.goto(`/objects/deals?filter=${encodeURIComponent(filter)}`);
  await waitForHydration(page);
  await expect(page.getByRole("row").filter({ hasText: small })).toBeVisible();

  // Sorting must happen in the hydrated app, without a full page load.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const ours = page.getByRole("row").filter({ hasText: new RegExp(`${small}|${large}`) });
  // The `value` attribute's title: "Deal value" in the seeded workspace, as in Attio.
  const valueHeader = page.getByRole("columnheader", { name: /^(Deal )?value$/i });

  await valueHeader.getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=value(&|$)/);
  await expect(valueHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(ours).toHaveText([new RegExp(small), new RegExp(large)]);

  await valueHeader.getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=value%3Adesc/);
  await expect(valueHeader).toHaveAttribute("aria-sort", "descending");
  await expect(ours).toHaveText([new RegExp(large), new RegExp(small)]);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  await page.screenshot({ path: path.join(__dirname, "..", "test-results", "deals.png") });

  // The sorted URL is shareable: a fresh load renders the same order on the server.
  const html = await (await page.request.get(page.url())).text();
  expect(html.indexOf(large)).toBeGreaterThan(-1);
  expect(html.indexOf(large)).toBeLessThan(html.indexOf(small));
});
