import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { api, auth, expectAccessible, signIn, uniqueSuffix, waitForHydration, waitForLive } from "./support";

const shots = (name: string) => path.join(__dirname, "..", "test-results", name);

/** The deals board showing only the deals whose name contains `marker`. */
const boardOf = (marker: string) =>
  `/objects/deals?board=stage&filter=${encodeURIComponent(JSON.stringify({ name: { $contains: marker } }))}`;

const column = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });

async function dragTo(page: Page, card: Locator, target: Locator) {
  const from = await card.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error("card or column not on screen");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 12 });
  await page.mouse.up();
}

test("deals are dragged across stages with the mouse and the keyboard, and a refused move goes back", async ({ page, request }) => {
  const marker = `Board ${uniqueSuffix()}`;
  const ids: Record<string, string> = {};
  for (const [name, stage, value] of [["Alpha", "Lead", 100], ["Beta", "In Progress", 2500], ["Gamma", "In Progress", 400], ["Delta", "Won", 1000]] as const) {
    const deal = await api(request, "post", "/v2/objects/deals/records", {
      data: { values: { name: `${name} ${marker}`, stage, value } },
    });
    ids[name] = deal.data.id.record_id;
  }

  // Without live updates, so that the deal deleted through the API below stays on the board
  // to be dropped (live updates have their own spec).
  await page.route("**/v2/events", (route) => route.abort());
  await signIn(page);
  await page.goto(boardOf(marker));
  await waitForHydration(page);
  const progress = column(page, "In Progress");
  const won = column(page, "Won");
  await expect(progress.getByRole("article")).toHaveCount(2);
  await expect(progress.locator("header")).toContainText("2");
  await expect(progress.locator("header")).toContainText("$2,900");
  await expect(won.locator("header")).toContainText("$1,000");
  await expectAccessible(page);
  await page.screenshot({ path: shots("board.png") });

  // Beta, dragged with the mouse from In Progress to Won.
  const beta = page.getByRole("article", { name: `Beta ${marker}` });
  await dragTo(page, beta, won);
  await expect(won.getByRole("article", { name: `Beta ${marker}` })).toBeVisible();
  await expect(won.locator("header")).toContainText("$3,500");
  await expect(progress.locator("header")).toContainText("$400");
  await expect
    .poll(async () => (await api(request, "get", `/v2/objects/deals/records/${ids.Beta}`)).data.values.stage[0].status.title)
    .toBe("Won");
  const history = await api(request, "get", `/v2/objects/deals/records/${ids.Beta}/attributes/stage/values?show_historic=true`);
  const stages = history.data.map((v: { status: { title: string }; active_until: string | null; created_by_actor: { type: string } }) => [
    v.status.title,
    v.active_until === null,
    v.created_by_actor.type,
  ]);
  expect(stages).toEqual([["In Progress", false, "api-token"], ["Won", true, "workspace-member"]]);
  await page.reload();
  await waitForHydration(page);
  await expect(won.getByRole("article", { name: `Beta ${marker}` })).toBeVisible();

  // Gamma, moved with the keyboard: Space, right arrow, Space.
  const gamma = page.getByRole("article", { name: `Gamma ${marker}` });
  await gamma.focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  await expect(won.getByRole("article", { name: `Gamma ${marker}` })).toBeVisible();
  await expect(won.getByRole("article", { name: `Gamma ${marker}` })).toBeFocused();
  await expect(page.locator("[aria-live]")).toContainText(`Gamma ${marker} moved to Won.`);
  await expect(progress.getByRole("article")).toHaveCount(0);
  await expect(won.locator("header")).toContainText("3");

  // Escape puts a lifted card back.
  await page.getByRole("article", { name: `Alpha ${marker}` }).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Escape");
  await expect(column(page, "Lead").getByRole("article", { name: `Alpha ${marker}` })).toBeVisible();

  // A deal deleted meanwhile cannot be moved: the card returns and says why.
  await api(request, "delete", `/v2/objects/deals/records/${ids.Alpha}`);
  await dragTo(page, page.getByRole("article", { name: `Alpha ${marker}` }), progress);
  await expect(page.getByRole("alert")).toContainText(`Alpha ${marker} could not be moved`);
  await expect(column(page, "Lead").getByRole("article", { name: `Alpha ${marker}` })).toBeVisible();
  await expect(progress.locator("header")).toContainText("0");

  await page.getByRole("button", { name: "Use dark theme" }).click();
  await expectAccessible(page);
  await page.screenshot({ path: shots("board-dark.png") });
  await page.getByRole("button", { name: "Use light theme" }).click();

  // The table and the board are one click apart, and the board is a saved view's kind.
  await page.getByRole("button", { name: "Table" }).click();
  await expect(page).not.toHaveURL(/board=/);
  await expect(page.getByRole("grid")).toBeVisible();
  await page.getByRole("button", { name: "Board" }).click();
  await expect(page).toHaveURL(/board=stage/);
  const title = `Pipeline ${marker}`;
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill(title);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("list", { name: "Deal views" }).getByRole("link", { name: title })).toBeVisible();
  const views = await api(request, "get", "/v2/objects/deals/views");
  const listed = views.data.find((v: { title: string }) => v.title === title);
  const saved = await api(request, "get", `/v2/objects/deals/views/${listed.id.view_id}`);
  expect(saved.data.type).toBe("board");
  expect(saved.data.config.group_by).toBe("stage");

  for (const name of ["Beta", "Gamma", "Delta"]) {
    await request.delete(`/v2/objects/deals/records/${ids[name]}`, { headers: auth() });
  }
});

test("a list's entries on a board grouped by the list's own status", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const slug = `review_${suffix}`;
  await api(request, "post", "/v2/lists", {
    data: { name: `Review ${suffix}`, api_slug: slug, parent_object: "deals", workspace_access: "full-access", workspace_member_access: [] },
  });
  await api(request, "post", `/v2/lists/${slug}/attributes`, {
    data: { title: "Review", api_slug: "review", type: "status", description: null, is_required: false, is_unique: false, is_multiselect: false, config: {} },
  });
  for (const title of ["Open", "Done"]) {
    await api(request, "post", `/v2/lists/${slug}/attributes/review/statuses`, { data: { title } });
  }
  const deal = await api(request, "post", "/v2/objects/deals/records", {
    data: { values: { name: `Listed ${suffix}`, stage: "Lead" } },
  });
  const entry = await api(request, "post", `/v2/lists/${slug}/entries`, {
    data: { parent_record_id: deal.data.id.record_id, parent_object: "deals", entry_values: { review: "Open" } },
  });

  await signIn(page);
  await page.goto(`/lists/${slug}?board=review`);
  await waitForHydration(page);
  const card = page.getByRole("article", { name: `Listed ${suffix}` });
  await expect(column(page, "Open").getByRole("article")).toHaveCount(1);
  await dragTo(page, card, column(page, "Done"));
  await expect(column(page, "Done").getByRole("article", { name: `Listed ${suffix}` })).toBeVisible();
  await expect
    .poll(async () => (await api(request, "get", `/v2/lists/${slug}/entries/${entry.data.id.entry_id}`)).data.entry_values.review[0].status.title)
    .toBe("Done");
  await expectAccessible(page);
  await page.screenshot({ path: shots("list-board.png") });

  await api(request, "delete", `/v2/objects/deals/records/${deal.data.id.record_id}`);
});

test("a deal created in a column starts in its stage", async ({ page, request }) => {
  const marker = `Column ${uniqueSuffix()}`;
  await signIn(page);
  await page.goto(boardOf(marker));
  await waitForHydration(page);
  await page.getByRole("button", { name: "New deal in Won" }).click();
  const form = page.getByRole("dialog", { name: "New deal" });
  await expect(form.getByLabel("Deal stage")).toHaveValue("Won");
  await form.getByLabel("Deal name").fill(`Fresh ${marker}`);
  await form.getByRole("button", { name: "Create" }).click();
  await expect(form).toBeHidden();
  await expect(column(page, "Won").getByRole("article", { name: `Fresh ${marker}` })).toBeVisible();
  const found = await api(request, "post", "/v2/objects/deals/records/query", { filter: { name: { $contains: marker } } });
  expect(found.data.map((d: { values: { stage: { status: { title: string } }[] } }) => d.values.stage[0].status.title)).toEqual(["Won"]);
  await api(request, "delete", `/v2/objects/deals/records/${found.data[0].id.record_id}`);
});

test("with no sort a column keeps the order its cards are dropped in, for everyone", async ({ browser, page, request }) => {
  const marker = `Order ${uniqueSuffix()}`;
  for (const name of ["One", "Two", "Three"]) {
    await api(request, "post", "/v2/objects/deals/records", { data: { values: { name: `${name} ${marker}`, stage: "Lead" } } });
  }
  const order = (p: Page) => column(p, "Lead").getByRole("article").evaluateAll((cards) => cards.map((c) => c.getAttribute("aria-label")));
  const names = (...n: string[]) => n.map((name) => `${name} ${marker}`);
  const stored = async () => {
    const body = { filter: { name: { $contains: marker } }, sorts: [{ attribute: "stage", field: "board_position", direction: "asc" }] };
    const r = await api(request, "post", "/v2/objects/deals/records/query", body);
    return r.data.map((d: { values: { name: { value: string }[] } }) => d.values.name[0].value);
  };

  await signIn(page);
  await page.goto(boardOf(marker));
  await waitForHydration(page);
  await waitForLive(page);
  await expect.poll(() => order(page)).toEqual(names("One", "Two", "Three"));

  // Someone else watches the same board.
  const theirs = await browser.newContext();
  const other = await theirs.newPage();
  await signIn(other);
  await other.goto(boardOf(marker));
  await waitForHydration(other);
  await waitForLive(other);

  // Three, dragged with the mouse above One: a marker shows where it will land.
  const three = page.getByRole("article", { name: `Three ${marker}` });
  const one = await page.getByRole("article", { name: `One ${marker}` }).boundingBox();
  const from = await three.boundingBox();
  if (!one || !from) throw new Error("cards not on screen");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(one.x + one.width / 2, one.y + 4, { steps: 12 });
  await expect(column(page, "Lead").locator("li > div.bg-focus")).toHaveCount(1);
  await page.mouse.up();
  await expect.poll(() => order(page)).toEqual(names("Three", "One", "Two"));
  await expect.poll(stored).toEqual(names("Three", "One", "Two"));
  await expect.poll(() => order(other), { timeout: 3_000 }).toEqual(names("Three", "One", "Two"));

  // One, moved down a place with the keyboard.
  await page.getByRole("article", { name: `One ${marker}` }).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("[aria-live]")).toContainText("Place 3 of 3 in Lead.");
  await page.keyboard.press("Space");
  await expect(page.locator("[aria-live]")).toContainText(`One ${marker} moved to place 3 in Lead.`);
  await expect.poll(() => order(page)).toEqual(names("Three", "Two", "One"));
  await expect.poll(stored).toEqual(names("Three", "Two", "One"));
  await expect.poll(() => order(other), { timeout: 3_000 }).toEqual(names("Three", "Two", "One"));
  await expectAccessible(page);
  await page.screenshot({ path: shots("board-order.png") });

  // The order is the board's: it survives a reload.
  await page.reload();
  await waitForHydration(page);
  await expect.poll(() => order(page)).toEqual(names("Three", "Two", "One"));
  await theirs.close();
});
