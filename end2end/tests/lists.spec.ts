import path from "node:path";
import { expect, test } from "@playwright/test";
import { api, auth, expectAccessible, signIn, uniqueSuffix, waitForHydration } from "./support";

const shots = (name: string) => path.join(__dirname, "..", "test-results", name);

test("a list's table: entries with their records, sorted, edited, saved as a view, added and removed", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const slug = `pipeline_${suffix}`;
  const name = `Pipeline ${suffix}`;
  await api(request, "post", "/v2/lists", {
    data: { name, api_slug: slug, parent_object: "deals", workspace_access: "full-access", workspace_member_access: [] },
  });
  await api(request, "post", `/v2/lists/${slug}/attributes`, {
    data: { title: "Score", api_slug: "score", type: "number", description: null, is_required: false, is_unique: false, is_multiselect: false, config: {} },
  });
  const deals: string[] = [];
  for (const [n, value] of [["Alpha", 1000], ["Bravo", 2000], ["Charlie", 3000]] as const) {
    const deal = await api(request, "post", "/v2/objects/deals/records", {
      data: { values: { name: `${n} ${suffix}`, stage: "Lead", value } },
    });
    deals.push(deal.data.id.record_id);
  }
  for (const [i, score] of [[0, 10], [1, 30]] as const) {
    await api(request, "post", `/v2/lists/${slug}/entries`, {
      data: { parent_record_id: deals[i], parent_object: "deals", entry_values: { score } },
    });
  }

  await signIn(page);
  await page.getByRole("list", { name: "Lists" }).getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/lists/${slug}$`));
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.locator("header").first().getByText("2", { exact: true })).toBeVisible();
  const grid = page.getByRole("grid", { name });
  // Each entry is named by its record, whose page it links to.
  await expect(grid.getByRole("link", { name: `Alpha ${suffix}` })).toHaveAttribute("href", `/objects/deals/${deals[0]}`);

  // Sorted by the list's own attribute, highest first.
  await grid.getByRole("columnheader", { name: "Score" }).getByRole("link").click();
  await grid.getByRole("columnheader", { name: "Score" }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=score%3Adesc/);
  await expect(grid.getByRole("row").nth(1)).toContainText(`Bravo ${suffix}`);

  // A list attribute edited in place is the entry's value through the API.
  const bravo = grid.getByRole("row").filter({ hasText: `Bravo ${suffix}` });
  await page.locator("#cell-0-1").dblclick();
  const field = page.getByRole("spinbutton", { name: "Score" });
  await field.fill("42");
  await field.press("Enter");
  await expect(bravo).toContainText("42");
  const entries = await api(request, "post", `/v2/lists/${slug}/entries/query`, { filter: { score: { $eq: 42 } } });
  expect(entries.data.map((e: { parent_record_id: string }) => e.parent_record_id)).toEqual([deals[1]]);

  // The parent record's attributes are columns too, chosen like any other.
  const columns = page.getByRole("button", { name: "Columns" });
  await columns.click();
  await page.getByRole("dialog", { name: "Columns" }).getByRole("checkbox", { name: "Show Deal · Deal value" }).check();
  await page.keyboard.press("Escape");
  await expect(grid.getByRole("columnheader", { name: "Deal · Deal value" })).toBeVisible();
  await expect(bravo).toContainText("2,000");

  // Saved as a view of the list: in the sidebar and through the API.
  const title = `Top ${suffix}`;
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill(title);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("list", { name: `${name} views` }).getByRole("link", { name: title })).toBeVisible();
  const views = await api(request, "get", `/v2/lists/${slug}/views`);
  expect(views.data.map((v: { title: string }) => v.title)).toContain(title);

  // A record of the list's object is found and added.
  await page.getByRole("button", { name: "+ Add deal" }).click();
  const adding = page.getByRole("dialog", { name: "Add a deal to the list" });
  await adding.getByRole("searchbox").fill(`Charlie ${suffix}`);
  await adding.getByRole("button", { name: new RegExp(`Charlie ${suffix}`) }).click();
  await expect(adding).toBeHidden();
  await expect(grid.getByRole("link", { name: `Charlie ${suffix}` })).toBeVisible();
  await expect(page.locator("header").first().getByText("3", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: shots("list-table.png") });
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expectAccessible(page);
  await page.screenshot({ path: shots("list-table-dark.png") });
  await page.getByRole("button", { name: "Use light theme" }).click();

  // Removed from the list: the entry goes, the record stays.
  await page.getByRole("checkbox", { name: `Select Alpha ${suffix}` }).click();
  const bar = page.getByRole("region", { name: "Selection" });
  await expect(bar).toContainText("1 entry selected");
  await bar.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog", { name: "Remove from the list" }).getByRole("button", { name: "Remove" }).click();
  await expect(bar).toContainText("1 entry removed.");
  await expect(grid.getByRole("link", { name: `Alpha ${suffix}` })).toBeHidden();
  const count = await api(request, "post", `/v2/lists/${slug}/entries/count`, {});
  expect(count.data.count).toBe(2);
  expect((await request.get(`/v2/objects/deals/records/${deals[0]}`, { headers: auth() })).ok()).toBe(true);

  for (const id of deals) await api(request, "delete", `/v2/objects/deals/records/${id}`);
});
