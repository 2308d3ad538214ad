import path from "node:path";
import { expect, test } from "@playwright/test";
import { api, auth, expectAccessible, signIn, uniqueSuffix, waitForHydration } from "./support";

test("a record page shows values, notes, tasks and the records on both sides", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const company = await api(request, "post", "/v2/objects/companies/records", {
    data: { values: { name: `Initech ${suffix}`, domains: [`initech-${suffix}.com`] } },
  });
  const companyId = company.data.id.record_id as string;
  const reference = { target_object: "companies", target_record_id: companyId };
  const person = await api(request, "post", "/v2/objects/people/records", {
    data: {
      values: {
        name: [{ first_name: "Peter", last_name: `Gibbons ${suffix}`, full_name: `Peter Gibbons ${suffix}` }],
        company: reference,
      },
    },
  });
  await api(request, "post", "/v2/notes", {
    data: {
      parent_object: "companies",
      parent_record_id: companyId,
      title: "TPS reports",
      format: "markdown",
      content: "Use the **new cover sheet**.",
    },
  });
  await api(request, "post", "/v2/tasks", {
    data: {
      content: "Fix the printer",
      format: "plaintext",
      deadline_at: null,
      is_completed: false,
      linked_records: [reference],
      assignees: [],
    },
  });

  await signIn(page);
  // The address the API gives as the record's web_url opens its page.
  const webUrl = new URL(company.data.web_url as string);
  await page.goto(webUrl.pathname);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: `Initech ${suffix}` })).toBeVisible();
  const details = page.getByRole("complementary", { name: "Record details" });
  await expect(details.getByText(`initech-${suffix}.com`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "TPS reports" })).toBeVisible();
  await expect(page.locator("strong", { hasText: "new cover sheet" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Tasks/ }).getByText("Fix the printer")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: path.join(__dirname, "..", "test-results", "record.png") });

  // The person whose `company` points here is listed, and leads to their page.
  await details.getByRole("link", { name: `Peter Gibbons ${suffix}` }).last().click();
  await expect(page).toHaveURL(new RegExp(`/objects/people/${person.data.id.record_id}`));
  await expect(page.getByRole("heading", { level: 1, name: `Peter Gibbons ${suffix}` })).toBeVisible();
  // ...whose company links back.
  await page.getByRole("complementary", { name: "Record details" }).getByRole("link", { name: `Initech ${suffix}` }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: `Initech ${suffix}` })).toBeVisible();

  await api(request, "delete", `/v2/objects/people/records/${person.data.id.record_id}`);
  await api(request, "delete", `/v2/objects/companies/records/${companyId}`);
});

test("the theme can be switched and is remembered", async ({ page }) => {
  await signIn(page);
  await waitForHydration(page);
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await expect(html).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await waitForHydration(page);
  await expectAccessible(page);
  await page.screenshot({ path: path.join(__dirname, "..", "test-results", "dark.png") });
  await page.getByRole("button", { name: "Use light theme" }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
});

test("values, tasks and notes are edited on the record page", async ({ page, request }) => {
  const name = `Editable ${uniqueSuffix()}`;
  const deal = await api(request, "post", "/v2/objects/deals/records", {
    data: { values: { name, stage: "Lead", value: 100 } },
  });
  const id = deal.data.id.record_id as string;
  const read = async () => {
    const response = await request.get(`/v2/objects/deals/records/${id}`, { headers: auth() });
    return (await response.json()).data.values;
  };

  await signIn(page);
  await page.goto(`/objects/deals/${id}`);
  await waitForHydration(page);

  // A valid value is saved through the API.
  await page.getByRole("button", { name: "Edit Deal value" }).click();
  await page.getByRole("textbox", { name: "Deal value" }).or(page.getByRole("spinbutton", { name: "Deal value" })).fill("2500");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Edit Deal value" })).toContainText("$2,500");
  await expect.poll(async () => (await read()).value[0].currency_value).toBe(2500);

  // A refused one shows the server's message, and nothing changes.
  await page.getByRole("button", { name: "Edit Deal name" }).click();
  await page.getByRole("textbox", { name: "Deal name" }).fill("");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText(/Deal name|name/i);
  await expect(page.getByRole("button", { name: "Edit Deal name" })).toContainText(name);
  expect((await read()).name[0].value).toBe(name);

  // Escape leaves a value as it was.
  await page.getByRole("button", { name: "Edit Deal name" }).click();
  await page.getByRole("textbox", { name: "Deal name" }).fill("Not this");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Edit Deal name" })).toContainText(name);

  // A status is chosen from the stages.
  await page.getByRole("button", { name: "Edit Deal stage" }).click();
  await page.getByRole("combobox", { name: "Deal stage" }).selectOption("Won");
  await expect.poll(async () => (await read()).stage[0].status.title).toBe("Won");
  // ...and the move shows in the activity, made by the signed-in member, with the note and
  // task added below.
  const activity = page.getByRole("region", { name: "Activity" });
  const move = activity.getByRole("listitem").filter({ hasText: "changed Deal stage from" });
  await expect(move).toContainText(/Eve/);
  await expect(move).toContainText(/from\s*Lead\s*to\s*Won/);

  // A task is added and completed; a note is added and rendered.
  await page.getByRole("textbox", { name: "New task" }).fill("Send the contract");
  await page.getByRole("combobox", { name: "Assignee" }).selectOption({ label: "Eve" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("region", { name: /^Tasks/ })).toContainText("For Eve");
  const box = page.getByRole("checkbox", { name: "Complete: Send the contract" });
  await box.click();
  await expect(page.getByRole("checkbox", { name: "Reopen: Send the contract" })).toHaveAttribute("aria-checked", "true");
  await expect
    .poll(async () => {
      const tasks = await (await request.get(`/v2/tasks?linked_object=deals&linked_record_id=${id}`, { headers: auth() })).json();
      return tasks.data.map((t: { is_completed: boolean; completed_at: string | null; assignees: unknown[] }) => [
        t.is_completed,
        t.completed_at !== null,
        t.assignees.length,
      ]);
    })
    .toEqual([[true, true, 1]]);
  await page.getByRole("textbox", { name: "Note title" }).fill("Call notes");
  await page.getByRole("textbox", { name: "Note", exact: true }).fill("They want **two** seats.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.locator("strong", { hasText: "two" })).toBeVisible();
  await expect(activity.getByRole("listitem").filter({ hasText: "added the note Call notes" })).toBeVisible();
  await expect(activity.getByRole("listitem").filter({ hasText: "added the task Send the contract" })).toBeVisible();
  await expectAccessible(page);

  await api(request, "delete", `/v2/objects/deals/records/${id}`);
});

test("a filter built in the table lives in the address and matches the API", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const ids: string[] = [];
  for (const [name, stage, value] of [
    [`Filter ${suffix} A`, "Won", 500],
    [`Filter ${suffix} B`, "Won", 9000],
    [`Filter ${suffix} C`, "Lost", 9500],
  ] as const) {
    const body = await api(request, "post", "/v2/objects/deals/records", { data: { values: { name, stage, value } } });
    ids.push(body.data.id.record_id);
  }

  await signIn(page);
  await page.goto("/objects/deals?sort=value:desc");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Filter" }).click();
  const builder = page.getByRole("dialog", { name: "Filter" });
  await builder.getByRole("combobox", { name: "Attribute" }).first().selectOption({ label: "Deal name" });
  await builder.getByRole("combobox", { name: "Operator" }).first().selectOption({ label: "contains" });
  await builder.getByRole("textbox", { name: "Value" }).first().fill(`Filter ${suffix}`);
  await builder.getByRole("button", { name: "+ Add condition" }).click();
  await builder.getByRole("combobox", { name: "Attribute" }).nth(1).selectOption({ label: "Deal stage" });
  await builder.getByRole("combobox", { name: "Value" }).selectOption("Won");
  await builder.getByRole("button", { name: "Apply" }).click();

  await expect(page).toHaveURL(/[?&]filter=/);
  await expect(page).toHaveURL(/sort=value%3Adesc/);
  const rows = page.getByRole("row").filter({ hasText: `Filter ${suffix}` });
  await expect(rows).toHaveText([new RegExp(`Filter ${suffix} B`), new RegExp(`Filter ${suffix} A`)]);
  await expect(page.getByText("Deal stage is Won")).toBeVisible();
  await expect(page.getByRole("grid")).toHaveAttribute("aria-rowcount", "3");

  // A second sort, from the sort bar: ties on value would fall back to the name.
  await page.getByRole("combobox", { name: "Add a sort" }).selectOption({ label: "Deal name" });
  await expect(page).toHaveURL(/sort=value%3Adesc%2Cname/);
  await expect(page.getByRole("list", { name: "Sorts" }).getByRole("listitem")).toHaveCount(2);

  // The address reproduces the view, rendered by the server.
  const address = page.url();
  const html = await (await page.request.get(address)).text();
  expect(html).toContain(`Filter ${suffix} B`);
  expect(html).not.toContain(`Filter ${suffix} C`);
  // The same filter through the API gives the same records.
  const filter = JSON.parse(new URL(address).searchParams.get("filter") ?? "null");
  const count = await api(request, "post", "/v2/objects/deals/records/count", { filter });
  expect(count.data.count).toBe(2);
  await expectAccessible(page);
  await page.screenshot({ path: path.join(__dirname, "..", "test-results", "filter.png") });

  // Saved as a view: listed by the API and in the sidebar, and its link reproduces it.
  const title = `Won ${suffix}`;
  await page.getByRole("button", { name: "Save view" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill(title);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const link = page.getByRole("list", { name: "Deal views" }).getByRole("link", { name: title });
  await expect(link).toBeVisible();
  const listed = await (await request.get("/v2/objects/deals/views", { headers: auth() })).json();
  expect(listed.data.map((v: { title: string }) => v.title)).toContain(title);
  await expect(link).toHaveAttribute("href", /sort=value%3Adesc%2Cname/);

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).not.toHaveURL(/filter=/);
  await link.click();
  await expect(page).toHaveURL(/filter=/);
  await expect(rows).toHaveText([new RegExp(`Filter ${suffix} B`), new RegExp(`Filter ${suffix} A`)]);
  await expect(link).toHaveAttribute("aria-current", "page");

  // Changed, the view offers to save the change to it; it is renamed and deleted from its menu.
  await page.getByRole("combobox", { name: "Add a sort" }).selectOption({ label: "Deal stage" });
  await expect(page).toHaveURL(/sort=value%3Adesc%2Cname%2Cstage/);
  await expect(link).toHaveAttribute("aria-current", "page");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("button", { name: "Save changes" })).toBeHidden();
  const viewId = new URL(page.url()).searchParams.get("view");
  const saved = await api(request, "get", `/v2/objects/deals/views/${viewId}`);
  expect(saved.data.config.sorts.map((s: { attribute: string }) => s.attribute)).toEqual(["value", "name", "stage"]);
  await page.getByRole("button", { name: title, exact: true }).click();
  await page.getByRole("menuitem", { name: "Rename…" }).click();
  await page.getByRole("textbox", { name: "View name" }).fill(`${title} renamed`);
  await page.getByRole("button", { name: "Rename", exact: true }).click();
  const renamed = page.getByRole("list", { name: "Deal views" }).getByRole("link", { name: `${title} renamed` });
  await expect(renamed).toBeVisible();
  await page.getByRole("button", { name: `${title} renamed`, exact: true }).click();
  await expectAccessible(page);
  await page.getByRole("menuitem", { name: "Delete view" }).click();
  await page.getByRole("button", { name: "Delete view" }).click();
  await expect(renamed).toBeHidden();
  await expect(page).not.toHaveURL(/view=/);
  expect((await request.get(`/v2/objects/deals/views/${viewId}`, { headers: auth() })).status()).toBe(404);
  for (const id of ids) await api(request, "delete", `/v2/objects/deals/records/${id}`);
});

test("two duplicates are merged from the record page, keeping the chosen values", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const create = async (name: string, description: string, domain: string) =>
    (
      await api(request, "post", "/v2/objects/companies/records", {
        data: { values: { name, description, domains: [domain] } },
      })
    ).data.id.record_id as string;
  const primary = await create(`Globex ${suffix}`, "Old description", `globex-${suffix}.com`);
  const secondary = await create(`Globex Corp ${suffix}`, "Better description", `globex-${suffix}.io`);

  await signIn(page);
  await page.goto(`/objects/companies/${primary}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Merge…" }).click();
  const dialog = page.getByRole("dialog", { name: "Merge records" });
  await dialog.getByRole("textbox", { name: "Find the duplicate" }).fill(`globex-${suffix}.io`);
  await dialog.getByRole("button", { name: new RegExp(`Globex Corp ${suffix}`) }).click();
  await dialog.getByRole("group", { name: "Which Description to keep" }).getByRole("radio").nth(1).check();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Merge records" }).click();

  await expect(page).not.toHaveURL(new RegExp(primary));
  await expect(page.getByRole("heading", { level: 1, name: `Globex ${suffix}` })).toBeVisible();
  const merged = page.url().split("/").pop() as string;
  const record = await (await request.get(`/v2/objects/companies/records/${merged}`, { headers: auth() })).json();
  expect(record.data.values.description[0].value).toBe("Better description");
  expect(record.data.values.domains.map((d: { domain: string }) => d.domain).sort()).toEqual(
    [`globex-${suffix}.com`, `globex-${suffix}.io`].sort(),
  );
  for (const old of [primary, secondary]) {
    expect((await request.get(`/v2/objects/companies/records/${old}`, { headers: auth() })).status()).toBe(404);
  }
  await api(request, "delete", `/v2/objects/companies/records/${merged}`);
});

test("a record's activity shows a stage change made through the API; comments are read, started and answered", async ({ page, request }) => {
  const marker = `Activity ${uniqueSuffix()}`;
  const deal = await api(request, "post", "/v2/objects/deals/records", {
    data: { values: { name: marker, stage: "Lead", value: 500 } },
  });
  const id = deal.data.id.record_id as string;
  await api(request, "patch", `/v2/objects/deals/records/${id}`, { data: { values: { stage: "Won" } } });
  const members = await api(request, "get", "/v2/workspace_members");
  const author = { type: "workspace-member", id: members.data[0].id.workspace_member_id };
  await api(request, "post", "/v2/comments", {
    data: { format: "plaintext", content: "Legal signed off.", author, record: { object: "deals", record_id: id } },
  });

  await signIn(page);
  await page.goto(`/objects/deals/${id}`);
  await waitForHydration(page);
  const activity = page.getByRole("region", { name: "Activity" });
  const move = activity.getByRole("listitem").filter({ hasText: "changed Deal stage from" });
  await expect(move).toContainText("An API key");
  await expect(move).toContainText(/from\s*Lead\s*to\s*Won/);
  await expect(activity.getByRole("listitem").last()).toContainText("created this deal");

  const comments = page.getByRole("region", { name: "Comments" });
  await expect(comments.getByText("Legal signed off.")).toBeVisible();
  await comments.getByRole("textbox", { name: "Reply" }).fill("Countersigned too.");
  await comments.getByRole("button", { name: "Reply" }).click();
  await expect(comments.getByRole("list", { name: "Thread" }).getByRole("listitem")).toHaveCount(2);
  await comments.getByRole("textbox", { name: "New comment" }).fill("Kick-off on Monday.");
  await comments.getByRole("button", { name: "Comment" }).click();
  await expect(comments.getByText("Kick-off on Monday.")).toBeVisible();
  const threads = await api(request, "get", `/v2/threads?record_id=${id}&object=deals`);
  expect(threads.data.map((t: { comments: unknown[] }) => t.comments.length)).toEqual([2, 1]);
  await expectAccessible(page);
  await page.screenshot({ path: path.join(__dirname, "..", "test-results", "record-activity.png"), fullPage: true });

  await api(request, "delete", `/v2/objects/deals/records/${id}`);
});

test("a record is added to a list from its page, and its entry's values are edited there", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const slug = `reviews_${suffix}`;
  await api(request, "post", "/v2/lists", {
    data: { name: `Reviews ${suffix}`, api_slug: slug, parent_object: "deals", workspace_access: "full-access", workspace_member_access: [] },
  });
  await api(request, "post", `/v2/lists/${slug}/attributes`, {
    data: { title: "Reviewer notes", api_slug: "reviewer_notes", type: "text", description: null, is_required: false, is_unique: false, is_multiselect: false, config: {} },
  });
  const deal = await api(request, "post", "/v2/objects/deals/records", {
    data: { values: { name: `Listed ${suffix}`, stage: "Lead" } },
  });
  const id = deal.data.id.record_id as string;

  await signIn(page);
  await page.goto(`/objects/deals/${id}`);
  await waitForHydration(page);
  const lists = page.getByRole("region", { name: "Lists" });
  await expect(lists).toContainText("In no list yet.");
  await lists.getByRole("combobox", { name: "Add to list" }).selectOption({ label: `Reviews ${suffix}` });
  await expect(lists.getByRole("heading", { name: `Reviews ${suffix}` })).toBeVisible();
  await lists.getByRole("button", { name: "Edit Reviewer notes" }).click();
  await lists.getByRole("textbox", { name: "Reviewer notes" }).fill("Looks solid");
  await page.keyboard.press("Enter");
  await expect(lists.getByText("Looks solid")).toBeVisible();

  const entries = await api(request, "get", `/v2/objects/deals/records/${id}/entries`);
  expect(entries.data.map((e: { list_api_slug: string }) => e.list_api_slug)).toEqual([slug]);
  const entry = await api(request, "get", `/v2/lists/${slug}/entries/${entries.data[0].entry_id}`);
  expect(entry.data.entry_values.reviewer_notes[0].value).toBe("Looks solid");
  await expectAccessible(page);

  await page.reload();
  await waitForHydration(page);
  await expect(lists.getByText("Looks solid")).toBeVisible();
  await api(request, "delete", `/v2/objects/deals/records/${id}`);
});

test("the command palette finds a person by e-mail and opens their page", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const email = `milton-${suffix}@initech.example`;
  const person = await api(request, "post", "/v2/objects/people/records", {
    data: {
      values: {
        name: [{ first_name: "Milton", last_name: `Waddams ${suffix}`, full_name: `Milton Waddams ${suffix}` }],
        email_addresses: [email],
      },
    },
  });
  const id = person.data.id.record_id as string;

  await signIn(page);
  await waitForHydration(page);
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Search" });
  await palette.getByRole("combobox").fill(email);
  const option = palette.getByRole("option", { name: new RegExp(`Milton Waddams ${suffix}`) });
  await expect(option).toContainText(email);
  await expectAccessible(page);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  // Objects and views whose names contain the query come first; here there are none.
  await expect(palette.getByRole("option").first()).toContainText(`Milton Waddams ${suffix}`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/objects/people/${id}`));
  await expect(page.getByRole("heading", { level: 1, name: `Milton Waddams ${suffix}` })).toBeVisible();

  await api(request, "delete", `/v2/objects/people/records/${id}`);
});

test("the filter builder matches parts of values and nests a group of any-of conditions", async ({ page, request }) => {
  const suffix = uniqueSuffix();
  const ids: string[] = [];
  for (const [first, domain] of [["Ann", `acme-${suffix}.com`], ["Bob", `acme-${suffix}.com`], ["Cat", `acme-${suffix}.com`], ["Ann", `other-${suffix}.com`]]) {
    const body = await api(request, "post", "/v2/objects/people/records", {
      data: { values: { name: [{ first_name: first, last_name: suffix, full_name: `${first} ${suffix}` }], email_addresses: [`${first.toLowerCase()}@${domain}`] } },
    });
    ids.push(body.data.id.record_id);
  }

  await signIn(page);
  await page.goto("/objects/people");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Filter" }).click();
  const builder = page.getByRole("dialog", { name: "Filter" });
  await builder.getByRole("combobox", { name: "Attribute" }).first().selectOption({ label: "Email addresses domain" });
  await builder.getByRole("textbox", { name: "Value" }).first().fill(`acme-${suffix}.com`);
  await builder.getByRole("button", { name: "+ Add group" }).click();
  const group = builder.getByRole("group", { name: "Condition group" });
  await group.getByRole("combobox", { name: "Attribute" }).selectOption({ label: "Name first name" });
  await group.getByRole("combobox", { name: "Operator" }).selectOption({ label: "is any of" });
  await group.getByRole("textbox", { name: "Value" }).fill("Ann, Bob");
  await group.getByRole("button", { name: "+ Add condition to group" }).click();
  await group.getByRole("combobox", { name: "Attribute" }).nth(1).selectOption({ label: "Name last name" });
  await group.getByRole("combobox", { name: "Operator" }).nth(1).selectOption({ label: "is" });
  await group.getByRole("textbox", { name: "Value" }).nth(1).fill("nobody");
  await expectAccessible(page);
  await page.screenshot({ path: path.join(__dirname, "..", "test-results", "filter-group.png") });
  await builder.getByRole("button", { name: "Apply" }).click();

  await expect(page).toHaveURL(/[?&]filter=/);
  await expect(page.getByRole("grid")).toHaveAttribute("aria-rowcount", "3");
  const rows = page.getByRole("row").filter({ hasText: suffix });
  await expect(rows).toHaveCount(2);
  await expect(page.getByText(`(Name first name is any of Ann, Bob or Name last name is nobody)`)).toBeVisible();
  const filter = JSON.parse(new URL(page.url()).searchParams.get("filter") as string);
  const counted = await api(request, "post", "/v2/objects/people/records/count", { filter });
  expect(counted.data.count).toBe(2);
  for (const id of ids) await api(request, "delete", `/v2/objects/people/records/${id}`);
});
