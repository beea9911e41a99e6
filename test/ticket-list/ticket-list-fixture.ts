/**
 * A `<ticket-list>` wired to a real reference server, and the queries the element tests share: by `part`, as a
 * person's eye finds things.
 */
import { fixture, html, waitUntil } from "@open-wc/testing";
import { createClient, type ConvoClient } from "../../src/api/client.js";
import "../../src/elements/ticket-list/define-ticket-list.js";
import type { TicketList } from "../../src/elements/ticket-list/ticket-list.js";
import type { TicketThread } from "../../src/elements/ticket-list/ticket-thread.js";
import type { ReferenceServer } from "../helpers/reference-server.js";
import { createDraftStore, type DraftStore } from "../../src/store/drafts.js";

let databases = 0;
/** Every inbox keeps its reply drafts in a database of its own, so no test sees another's drafts. */
export function freshDraftStore(): DraftStore {
  databases += 1;
  return createDraftStore({
    databaseName: `ticket-list-test-${Date.now()}-${databases}`,
  });
}

export function clientFor(server: ReferenceServer): ConvoClient {
  return createClient({
    baseUrl: server.url,
    token: server.token,
    dialect: "posthog",
    projectId: "1",
    retry: false,
  });
}

export async function inbox(
  client: ConvoClient,
  options: { syncHash?: boolean; filters?: string } = {},
): Promise<TicketList> {
  const element = await fixture<TicketList>(
    html`<div style="height: 700px; width: 1200px; display: flex">
      <ticket-list
        .client=${client}
        .draftStore=${freshDraftStore()}
        ?sync-hash=${options.syncHash ?? false}
        filters=${options.filters ?? ""}
        style="flex: 1"
      ></ticket-list>
    </div>`,
  ).then((wrapper) => wrapper.querySelector("ticket-list")!);
  await waitForRows(element);
  return element;
}

export function part<T extends Element = HTMLElement>(
  root: Element,
  name: string,
): T | null {
  return (root.shadowRoot ?? root).querySelector<T>(`[part~="${name}"]`);
}

export function parts<T extends Element = HTMLElement>(
  root: Element,
  name: string,
): T[] {
  return [
    ...(root.shadowRoot ?? root).querySelectorAll<T>(`[part~="${name}"]`),
  ];
}

export function text(element: Element | null | undefined): string {
  return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** Rows with their ticket loaded (not placeholders). */
export function loadedRows(element: TicketList): HTMLElement[] {
  return parts(element, "row").filter(
    (row) => !row.part.contains("row-loading"),
  );
}

export async function waitForRows(
  element: TicketList,
  message = "rows to load",
): Promise<void> {
  await waitUntil(
    () =>
      element.total !== null &&
      (element.total === 0 || loadedRows(element).length > 0),
    message,
    { timeout: 8000 },
  );
  await element.updateComplete;
}

export function thread(element: TicketList): TicketThread {
  return part(element, "detail")!.querySelector("ticket-thread")!;
}

export async function openTicketByNumber(
  element: TicketList,
  client: ConvoClient,
  number: number,
): Promise<void> {
  await element.open(await client.tickets.get(number));
  await element.updateComplete;
}

/** Types into an input or text area the way a person does (value, then input and change events). */
export function typeInto(
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  value: string,
): void {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
  input.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
}

export function press(
  element: TicketList,
  key: string,
  target?: Element,
): void {
  const on = target ?? part(element, "list")!;
  on.dispatchEvent(
    new KeyboardEvent("keydown", {
      key,
      bubbles: true,
      composed: true,
      cancelable: true,
    }),
  );
}
