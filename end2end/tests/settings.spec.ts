import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { api, expectAccessible, signIn, uniqueSuffix, waitForHydration } from "./support";

const shots = (name: string) => path.join(__dirname, "..", "test-results", name);

async function newAttribute(page: Page, name: string, type: string, configure?: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>) {
  await page.getByRole("button", { name: "+ New attribute" }).click();
  const dialog = page.getByRole("dialog", { name: "New attribute" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Type").selectOption({ label: type });
  if (configure) await configure(dialog);
  await dialog.getByRole("button", { name: "Create attribute" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("cell", { name: new RegExp(`^${name}`) })).toBeVisible();
}

test("an admin models invoices: an object, attributes of every kind, options and statuses", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const plural = `Invoices ${suffix}`;
  const slug = `invoices_${suffix}`;

  await signIn(page);
  await waitForHydration(page);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: shots("settings.png") });

  await page.getByRole("button", { name: "+ New object" }).click();
  const dialog = page.getByRole("dialog", { name: "New object" });
  await dialog.getByLabel("Singular noun").fill(`Invoice ${suffix}`);
  await dialog.getByLabel("Plural noun").fill(plural);
  await expect(dialog.getByLabel("Slug, as the API names it")).toHaveValue(slug);
  await dialog.getByRole("button", { name: "Create object" }).click();
  await expect(dialog).toBeHidden();
  // At once in the sidebar, and here.
  await expect(page.getByRole("navigation", { name: "Objects" }).getByRole("link", { name: plural })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: new RegExp(plural) }).click();
  await expect(page.getByRole("heading", { level: 1, name: plural })).toBeVisible();

  await newAttribute(page, "Reference", "Text");
  await newAttribute(page, "Quantity", "Number");
  await newAttribute(page, "Amount", "Currency", (d) => d.getByLabel("Currency (ISO code)").fill("EUR"));
  await newAttribute(page, "Due date", "Date");
  await newAttribute(page, "Category", "Select");
  await newAttribute(page, "Progress", "Status");
  await newAttribute(page, "Paid", "Checkbox");
  await newAttribute(page, "Score", "Rating");
  await newAttribute(page, "Customer", "Record", (d) => d.getByLabel("Points at").selectOption({ label: "Companies" }));

  // Options of the select, one renamed.
  const options = page.getByRole("region", { name: "Options of Category" });
  for (const title of ["Hardware", "Software", "Services"]) {
    await options.getByLabel("New option").fill(title);
    await options.getByRole("button", { name: "Add option" }).click();
    await expect(options.getByLabel(`Name of the option ${title}`)).toBeVisible();
  }
  await options.getByLabel("Name of the option Services").fill("Consulting");
  await options.getByLabel("Name of the option Services").press("Enter");
  await expect(options.getByLabel("Name of the option Consulting")).toBeVisible();
  const statuses = page.getByRole("region", { name: "Statuses of Progress" });
  for (const title of ["Draft", "Sent"]) {
    await statuses.getByLabel("New status").fill(title);
    await statuses.getByRole("button", { name: "Add status" }).click();
    await expect(statuses.getByLabel(`Name of the status ${title}`)).toBeVisible();
  }
  await expectAccessible(page);
  await page.screenshot({ path: shots("settings-attributes.png"), fullPage: true });
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await page.screenshot({ path: shots("settings-attributes-dark.png"), fullPage: true });
  await page.getByRole("button", { name: "Use light theme" }).click();

  // Renamed and archived in place.
  await page.getByRole("button", { name: "Rename Quantity" }).click();
  await page.getByLabel("New name of Quantity").fill("Units");
  await page.getByLabel("New name of Quantity").press("Enter");
  await expect(page.getByRole("cell", { name: /^Units/ })).toBeVisible();
  await page.getByRole("button", { name: "Archive Score" }).click();
  await expect(page.getByRole("button", { name: "Restore Score" })).toBeVisible();

  // The API sees the same model.
  const object = await api(request, "get", `/v2/objects/${slug}`);
  expect(object.data.plural_noun).toBe(plural);
  const attributes = await api(request, "get", `/v2/objects/${slug}/attributes?show_archived=true`);
  const bySlug = Object.fromEntries(attributes.data.map((a: { api_slug: string }) => [a.api_slug, a]));
  expect(Object.fromEntries(["reference", "quantity", "amount", "due_date", "category", "progress", "paid", "score", "customer"].map((s) => [s, bySlug[s]?.type])))
    .toEqual({ reference: "text", quantity: "number", amount: "currency", due_date: "date", category: "select", progress: "status", paid: "checkbox", score: "rating", customer: "record-reference" });
  expect(bySlug.amount.config.currency.default_currency_code).toBe("EUR");
  expect(bySlug.customer.config.record_reference.allowed_object_ids.length).toBe(1);
  expect(bySlug.quantity.title).toBe("Units");
  expect(bySlug.score.is_archived).toBe(true);
  const choices = await api(request, "get", `/v2/objects/${slug}/attributes/category/options`);
  expect(choices.data.map((o: { title: string }) => o.title)).toEqual(["Hardware", "Software", "Consulting"]);

  // An invoice is created in the new object's table.
  const invoice = await api(request, "post", `/v2/objects/${slug}/records`, { data: { values: { reference: "INV-1", category: "Consulting" } } });
  await page.goto(`/objects/${slug}`);
  await waitForHydration(page);
  await expect(page.getByRole("row").filter({ hasText: "INV-1" })).toContainText("Consulting");
  expect(invoice.data.id.record_id).toBeTruthy();
});

test("a member is refused the settings by the server, and still works with records", async ({ page }) => {
  await signIn(page, "member");
  await waitForHydration(page);
  await expect(page.getByRole("navigation", { name: "Objects" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toContainText("Only workspace admins");
  const attributes = await page.goto("/settings/objects/deals");
  expect(attributes?.status()).toBe(403);
  await page.goto("/objects/deals");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Deals" })).toBeVisible();
});

test("a key made in the settings reads within its scopes, is refused a write, and fails once revoked", async ({ page, request }) => {
  const name = `Reader ${uniqueSuffix()}`;
  await signIn(page);
  await page.goto("/settings/keys");
  await waitForHydration(page);
  await page.getByRole("button", { name: "+ New key" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  // Read-only records: everything else without access, but the objects they need to read.
  for (const area of ["List entries", "Lists and their attributes", "Notes", "Tasks", "Comments", "Webhooks", "Workspace members"]) {
    await dialog.getByLabel(area).selectOption({ label: "No access" });
  }
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secret = (await dialog.getByLabel("The new key").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^crm_/);
  await expectAccessible(page);
  await page.screenshot({ path: shots("settings-key-created.png") });
  await dialog.getByRole("button", { name: "Done" }).click();
  const keys = page.getByRole("list", { name: "API keys" });
  await expect(keys.getByText(name)).toBeVisible();
  await expect(keys.locator("li", { hasText: name })).toContainText("record_permission:read");

  const as = { Authorization: `Bearer ${secret}` };
  expect((await request.post("/v2/objects/deals/records/query", { headers: as, data: { limit: 1 } })).status()).toBe(200);
  const write = await request.post("/v2/objects/deals/records", { headers: as, data: { data: { values: { name: "Nope" } } } });
  expect(write.status()).toBe(403);

  await keys.getByRole("button", { name: `Revoke ${name}` }).click();
  await keys.getByRole("button", { name: "Revoke key" }).click();
  await expect(keys.locator("li", { hasText: name })).toContainText("Revoked");
  expect((await request.post("/v2/objects/deals/records/query", { headers: as, data: { limit: 1 } })).status()).toBe(401);
  await page.screenshot({ path: shots("settings-keys.png") });
});
