import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

/** A required setting from the test environment. */
export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set for the end-to-end tests`);
  return value;
}

/** Waits until the wasm has hydrated the page, so clicks go through the client router. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator("#app")).toHaveAttribute("data-hydrated", "true");
}

/** Signs in as the workspace's admin, or as its member (`CRM_MEMBER_EMAIL`) who is not one. */
export async function signIn(page: Page, as: "admin" | "member" = "admin"): Promise<void> {
  const [email, password] = as === "admin" ? ["CRM_EMAIL", "CRM_PASSWORD"] : ["CRM_MEMBER_EMAIL", "CRM_MEMBER_PASSWORD"];
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email", { exact: true }).fill(env(email));
  await page.getByLabel("Password", { exact: true }).fill(env(password));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/objects\/[^/?]+/);
}

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

/** Creates a deal the way an integration would, and returns its record id. */
export async function createDeal(
  request: APIRequestContext,
  name: string,
  value: number,
): Promise<string> {
  const response = await request.post("/v2/objects/deals/records", {
    headers: { Authorization: `Bearer ${env("CRM_API_TOKEN")}` },
    data: { data: { values: { name, stage: "Won", value } } },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const body = await response.json();
  return body.data.id.record_id as string;
}

/** Best-effort cleanup, so repeated local runs do not pile up test deals. */
export async function deleteDeal(request: APIRequestContext, recordId: string): Promise<void> {
  await request.delete(`/v2/objects/deals/records/${recordId}`, {
    headers: { Authorization: `Bearer ${env("CRM_API_TOKEN")}` },
  });
}

export const auth = () => ({ Authorization: `Bearer ${env("CRM_API_TOKEN")}` });

/** A call to the API as an integration makes it; fails the test unless it succeeds. */
export async function api(request: APIRequestContext, method: "get" | "post" | "patch" | "delete", url: string, data?: unknown) {
  const response = await request[method](url, { headers: auth(), data });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

/** No serious or critical accessibility violations on the page as it stands. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Waits until the page receives live changes (its event stream is open). */
export async function waitForLive(page: Page): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("data-live", "on");
}
