import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { api, signIn, uniqueSuffix, waitForHydration, waitForLive } from "./support";

const shots = (name: string) => path.join(__dirname, "..", "test-results", name);

const nameFilter = (marker: string) => encodeURIComponent(JSON.stringify({ name: { $contains: marker } }));
const column = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });
/** Changes made elsewhere show within a second; the margin is for a loaded CI machine. */
const live = { timeout: 3_000 };

async function open(page: Page, url: string) {
  await page.goto(url);
  await waitForHydration(page);
  await waitForLive(page);
}

test("two people on one board see each other's moves, and the API's creates and edits, without a reload", async ({ browser, request }) => {
  const marker = `Live ${uniqueSuffix()}`;
  const ids: Record<string, string> = {};
  for (const [name, stage, value] of [["Beta", "In Progress", 2500], ["Gamma", "Lead", 100]] as const) {
    const deal = await api(request, "post", "/v2/objects/deals/records", { data: { values: { name: `${name} ${marker}`, stage, value } } });
    ids[name] = deal.data.id.record_id;
  }
  const [mine, theirs] = [await browser.newContext(), await browser.newContext()];
  const [a, b] = [await mine.newPage(), await theirs.newPage()];
  await signIn(a);
  await signIn(b);
  const board = `/objects/deals?board=stage&filter=${nameFilter(marker)}`;
  await open(a, board);
  await open(b, board);

  // A move in one browser lands in the other, figures included.
  const card = a.getByRole("article", { name: `Beta ${marker}` });
  await card.focus();
  await a.keyboard.press("Space");
  await a.keyboard.press("ArrowRight");
  await a.keyboard.press("Space");
  await expect(column(b, "Won").getByRole("article", { name: `Beta ${marker}` })).toBeVisible(live);
  await expect(column(b, "Won").locator("header")).toContainText("$2,500", live);
  await expect(column(b, "In Progress").locator("header")).toContainText("0");
  await b.screenshot({ path: shots("board-live.png") });

  // A deal created and another moved through the API show on both boards.
  await api(request, "post", "/v2/objects/deals/records", { data: { values: { name: `Delta ${marker}`, stage: "Lead", value: 40 } } });
  await api(request, "patch", `/v2/objects/deals/records/${ids.Gamma}`, { data: { values: { stage: "Lost" } } });
  for (const page of [a, b]) {
    await expect(column(page, "Lead").getByRole("article", { name: `Delta ${marker}` })).toBeVisible(live);
    await expect(column(page, "Lost").getByRole("article", { name: `Gamma ${marker}` })).toBeVisible(live);
    await expect(column(page, "Lead").locator("header")).toContainText("$40");
  }
  const found = await api(request, "post", "/v2/objects/deals/records/query", { filter: { name: { $contains: marker } } });
  for (const deal of found.data) ids[deal.values.name[0].value.split(" ")[0]] = deal.id.record_id;

  // The table follows edits in place and counts new rows.
  await open(b, `/objects/deals?filter=${nameFilter(marker)}`);
  await expect(b.getByRole("row")).toHaveCount(4);
  await api(request, "patch", `/v2/objects/deals/records/${ids.Delta}`, { data: { values: { value: 4321 } } });
  await expect(b.getByRole("gridcell", { name: "$4,321" })).toBeVisible(live);
  await api(request, "post", "/v2/objects/deals/records", { data: { values: { name: `Epsilon ${marker}`, stage: "Lead" } } });
  await expect(b.getByRole("row")).toHaveCount(5, live);
  await expect(b.getByRole("link", { name: `Epsilon ${marker}` })).toBeVisible();

  // A record page follows its values and its notes, and says when the record is gone.
  await open(a, `/objects/deals/${ids.Beta}`);
  await api(request, "patch", `/v2/objects/deals/records/${ids.Beta}`, { data: { values: { name: `Beta renamed ${marker}` } } });
  await expect(a.getByRole("heading", { level: 1 })).toHaveText(`Beta renamed ${marker}`, live);
  await api(request, "post", "/v2/notes", {
    data: { parent_object: "deals", parent_record_id: ids.Beta, title: "Pricing call", format: "plaintext", content: "Wants a discount." },
  });
  await expect(a.getByText("Pricing call").first()).toBeVisible(live);
  await api(request, "delete", `/v2/objects/deals/records/${ids.Beta}`);
  await expect(a.getByRole("alert")).toContainText("deleted", live);

  await mine.close();
  await theirs.close();
  for (const name of ["Gamma", "Delta"]) await api(request, "delete", `/v2/objects/deals/records/${ids[name]}`);
  const rest = await api(request, "post", "/v2/objects/deals/records/query", { filter: { name: { $contains: marker } } });
  for (const deal of rest.data) await api(request, "delete", `/v2/objects/deals/records/${deal.id.record_id}`);
});
