import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { api, auth, env, expectAccessible, signIn, uniqueSuffix, waitForHydration } from "./support";

const shots = (name: string) => path.join(__dirname, "..", "test-results", name);

/** The deals table showing only the deals whose name contains `marker`. */
const dealsContaining = (marker: string, extra = "") =>
  `/objects/deals?filter=${encodeURIComponent(JSON.stringify({ name: { $contains: marker } }))}${extra}`;

async function countDeals(request: APIRequestContext, marker: string): Promise<number> {
  const body = await api(request, "post", "/v2/objects/deals/records/count", { filter: { name: { $contains: marker } } });
  return body.data.count as number;
}

test("a table of 20,000 records scrolls to its last one, keeping few rows in the page", async ({ page, request }) => {
  test.setTimeout(300_000);
  const suffix = uniqueSuffix();
  const slug = `rows_${suffix}`;
  await api(request, "post", "/v2/objects", {
    data: { api_slug: slug, singular_noun: `Row ${suffix}`, plural_noun: `Rows ${suffix}` },
  });
  await api(request, "post", `/v2/objects/${slug}/attributes`, {
    data: { title: "Name", api_slug: "name", type: "text", description: null, is_required: false, is_unique: false, is_multiselect: false, config: {} },
  });
  // Seeded with Node's own fetch: the test's request context would record each of the
  // 20,000 calls in its trace, which costs more than the server does.
  const total = 20_000;
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const response = await fetch(`${env("CRM_BASE_URL")}/v2/objects/${slug}/records`, {
        method: "POST",
        headers: { ...auth(), "Content-Type": "application/json" },
        body: JSON.stringify({ data: { values: { name: `Row ${String(i).padStart(5, "0")}` } } }),
      });
      if (!response.ok) throw new Error(`seeding row ${i}: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));

  await signIn(page);
  await page.goto(`/objects/${slug}`);
  await waitForHydration(page);
  await expect(page.locator("header").first().getByText("20000", { exact: true })).toBeVisible();
  const grid = page.getByRole("grid");
  await expect(grid).toHaveAttribute("aria-rowcount", String(total + 1));

  // Dropped at the end of the scrollbar: the last record's page loads, nothing between.
  const scroller = page.locator("main div.overflow-auto");
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByRole("row").filter({ hasText: "Row 19999" })).toBeVisible();
  // ...and halfway.
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
  await expect(page.getByRole("row").filter({ hasText: /Row 1000\d/ }).first()).toBeVisible();
  expect(await page.locator("tbody tr").count()).toBeLessThan(120);
  await expectAccessible(page);

  await api(request, "delete", `/v2/objects/${slug}`);
});

test("records are created from the table, set and deleted in bulk", async ({ page, request }) => {
  const marker = `Bulk ${uniqueSuffix()}`;
  await signIn(page);
  await page.goto(dealsContaining(marker));
  await waitForHydration(page);
  await expect(page.getByText(/No deals match this filter/)).toBeVisible();

  for (const n of [1, 2, 3]) {
    await page.getByRole("button", { name: "+ New deal" }).click();
    const form = page.getByRole("dialog", { name: "New deal" });
    await form.getByLabel("Deal name").fill(`${marker} ${n}`);
    const stage = form.getByLabel("Deal stage");
    if (await stage.count()) await stage.selectOption("Lead");
    await form.getByRole("button", { name: "Create" }).click();
    await expect(form).toBeHidden();
    await expect(page.getByRole("row").filter({ hasText: `${marker} ${n}` })).toBeVisible();
  }
  expect(await countDeals(request, marker)).toBe(3);
  await page.screenshot({ path: shots("table-created.png") });

  // A refused create says why and creates nothing.
  await page.getByRole("button", { name: "+ New deal" }).click();
  const form = page.getByRole("dialog", { name: "New deal" });
  await form.getByRole("button", { name: "Create" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  await form.getByRole("button", { name: "Cancel" }).click();

  // Shift-click picks a range; one attribute is set on all of them.
  await page.getByRole("checkbox", { name: `Select ${marker} 1` }).click();
  await page.getByRole("checkbox", { name: `Select ${marker} 2` }).click({ modifiers: ["Shift"] });
  const bar = page.getByRole("region", { name: "Selection" });
  await expect(bar).toContainText("2 deals selected");
  await bar.getByRole("button", { name: "Set value…" }).click();
  const set = page.getByRole("dialog", { name: "Set a value" });
  await set.getByLabel("Attribute").selectOption({ label: "Deal stage" });
  await set.getByLabel("New value").selectOption("Won");
  await set.getByRole("button", { name: "Apply" }).click();
  await expect(bar).toContainText("2 deals updated.");
  const won = await api(request, "post", "/v2/objects/deals/records/count", {
    filter: { $and: [{ name: { $contains: marker } }, { stage: "Won" }] },
  });
  expect(won.data.count).toBe(2);

  // Every row, deleted after a confirmation.
  await page.getByRole("checkbox", { name: "Select all rows" }).check();
  await expect(bar).toContainText("3 deals selected");
  await expectAccessible(page);
  await page.screenshot({ path: shots("table-selected.png") });
  await bar.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete records" }).getByRole("button", { name: "Delete" }).click();
  await expect(bar).toContainText("3 deals deleted.");
  await expect(page.getByText(/No deals match this filter/)).toBeVisible();
  expect(await countDeals(request, marker)).toBe(0);
});

test("cells are edited from the keyboard, and a refused edit changes nothing", async ({ page, request }) => {
  const marker = `Cells ${uniqueSuffix()}`;
  const deal = await api(request, "post", "/v2/objects/deals/records", {
    data: { values: { name: `${marker} one`, stage: "Lead", value: 100 } },
  });
  const id = deal.data.id.record_id as string;
  const read = async () => (await api(request, "get", `/v2/objects/deals/records/${id}`)).data.values;

  await signIn(page);
  await page.goto(dealsContaining(marker, `&cols=${encodeURIComponent("name,value,stage")}`));
  await waitForHydration(page);
  const headers = page.getByRole("columnheader");
  await expect(headers).toHaveText(["", /Deal name/, /Deal value/, /Deal stage/]);

  // Arrows move between cells; Enter edits; Enter saves.
  await page.locator("#cell-0-1").click();
  await expect(page.locator("#cell-0-1")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(page.locator("#cell-0-0")).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#cell-0-1")).toBeFocused();
  await page.keyboard.press("Enter");
  await page.getByRole("spinbutton", { name: "Deal value" }).fill("4321");
  await page.keyboard.press("Enter");
  await expect(page.locator("#cell-0-1")).toContainText("4,321");
  await expect.poll(async () => (await read()).value[0].currency_value).toBe(4321);
  await expect(page.locator("#cell-0-1")).toBeFocused();

  // Escape leaves the editor with the value as it was.
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  await page.getByRole("textbox", { name: "Deal name" }).fill("Not this");
  await page.keyboard.press("Escape");
  await expect(page.locator("#cell-0-0")).toContainText(`${marker} one`);

  // A refused value shows the server's message, then reads as before.
  await page.keyboard.press("Enter");
  await page.getByRole("textbox", { name: "Deal name" }).fill("");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.locator("#cell-0-0")).toContainText(`${marker} one`);
  expect((await read()).name[0].value).toBe(`${marker} one`);
  await expectAccessible(page);

  await api(request, "delete", `/v2/objects/deals/records/${id}`);
});

test("columns are hidden, moved and resized, and the address keeps them", async ({ page, request }) => {
  const marker = `Columns ${uniqueSuffix()}`;
  const deal = await api(request, "post", "/v2/objects/deals/records", {
    data: { values: { name: `${marker} one`, stage: "Won", value: 10 } },
  });

  await signIn(page);
  await page.goto(dealsContaining(marker, `&cols=${encodeURIComponent("name,stage,value")}`));
  await waitForHydration(page);
  const headers = page.getByRole("columnheader");
  await page.getByRole("button", { name: "Columns" }).click();
  const menu = page.getByRole("dialog", { name: "Columns" });
  await menu.getByRole("button", { name: "Move Deal value left" }).click();
  await expect(page).toHaveURL(/cols=name%2Cvalue%2Cstage/);
  await expect(headers).toHaveText(["", /Deal name/, /Deal value/, /Deal stage/]);
  await menu.getByRole("checkbox", { name: "Show Deal stage" }).uncheck();
  await expect(headers).toHaveText(["", /Deal name/, /Deal value/]);
  await page.keyboard.press("Escape");

  // The edge of a header resizes its column, from the keyboard too.
  const edge = page.getByRole("separator", { name: "Resize Deal value" });
  await edge.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/cols=name%2Cvalue%3A160/);

  await page.reload();
  await waitForHydration(page);
  await expect(headers).toHaveText(["", /Deal name/, /Deal value/]);
  await page.screenshot({ path: shots("table-columns.png") });

  await api(request, "delete", `/v2/objects/deals/records/${deal.data.id.record_id}`);
});

test("two rows picked in the table are merged", async ({ page, request }) => {
  const marker = `Twins ${uniqueSuffix()}`;
  for (const value of [10, 20]) {
    await api(request, "post", "/v2/objects/deals/records", { data: { values: { name: `${marker}`, stage: "Lead", value } } });
  }
  await signIn(page);
  await page.goto(dealsContaining(marker));
  await waitForHydration(page);
  const boxes = page.getByRole("checkbox", { name: `Select ${marker}` });
  await boxes.nth(0).click();
  await boxes.nth(1).click();
  await page.getByRole("region", { name: "Selection" }).getByRole("link", { name: "Merge…" }).click();
  const dialog = page.getByRole("dialog", { name: "Merge records" });
  await dialog.getByRole("group", { name: "Which Deal value to keep" }).getByRole("radio").nth(1).check();
  await dialog.getByRole("button", { name: "Merge records" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: marker })).toBeVisible();
  expect(await countDeals(request, marker)).toBe(1);
  const merged = page.url().split("/").pop() as string;
  await api(request, "delete", `/v2/objects/deals/records/${merged}`);
});
