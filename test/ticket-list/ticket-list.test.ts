import { expect, fixture, html, oneEvent, waitUntil } from "@open-wc/testing";
import { emulateMedia } from "@web/test-runner-commands";
import "../../src/elements/convo-provider/define-convo-provider.js";
import type { TicketErrorEvent } from "../../src/elements/ticket-list/ticket-list-events.js";
import type { ConvoClient } from "../../src/api/client.js";
import type { Ticket } from "../../src/api/wire-posthog.js";
import {
  filtersFromView,
  filtersToParams,
} from "../../src/elements/ticket-list/ticket-filters.js";
import { plainExcerpt } from "../../src/elements/ticket-list/ticket-format.js";
import { TicketList } from "../../src/elements/ticket-list/ticket-list.js";
import {
  startReferenceServer,
  type ReferenceServer,
} from "../helpers/reference-server.js";
import {
  clientFor,
  inbox,
  loadedRows,
  openTicketByNumber,
  part,
  parts,
  press,
  text,
  thread,
  typeInto,
  waitForRows,
} from "./ticket-list-fixture.js";

async function firstTicketWhere(
  client: ConvoClient,
  predicate: (ticket: Ticket) => boolean,
): Promise<Ticket> {
  for await (const ticket of client.tickets.listAll({}, { pageSize: 200 }))
    if (predicate(ticket)) return ticket;
  throw new Error("no seeded ticket matches");
}

function chip(element: TicketList, label: string): HTMLButtonElement {
  const found = parts<HTMLButtonElement>(element, "filter-chip").find(
    (button) => text(button) === label,
  );
  if (!found) throw new Error(`no filter chip ${label}`);
  return found;
}

async function countChanged(
  element: TicketList,
  from: number | null,
): Promise<void> {
  await waitUntil(
    () => element.total !== null && element.total !== from,
    "the count to change",
    { timeout: 8000 },
  );
  await waitForRows(element);
}

describe("<ticket-list> against the reference server", () => {
  let server: ReferenceServer;
  let client: ConvoClient;

  before(async () => {
    server = await startReferenceServer();
    client = clientFor(server);
  });
  after(() => server.stop());

  describe("the queue", () => {
    it("shows the server’s count, only the rows in view, and is accessible", async () => {
      const element = await inbox(client);
      const page = await client.tickets.list({}, { limit: 1 });
      expect(element.total).to.equal(page.total);
      expect(text(part(element, "count"))).to.equal(`${page.total} tickets`);
      const rows = parts(element, "row");
      expect(rows.length).to.be.greaterThan(5).and.lessThan(40);
      expect(part(element, "list")!.getAttribute("role")).to.equal("listbox");
      expect(rows[0]!.getAttribute("aria-setsize")).to.equal(
        String(page.total),
      );
      expect(rows[0]!.getAttribute("aria-posinset")).to.equal("1");
      expect(text(part(rows[0]!, "number"))).to.equal(
        `#${page.items[0]!.ticket_number}`,
      );
      await expect(element).to.be.accessible();
    });

    it("shows each ticket’s person, status, channel, excerpt, time, unread and SLA in words", async () => {
      const element = await inbox(client);
      const shown = (await client.tickets.list({}, { limit: 20 })).items;
      for (const [index, row] of loadedRows(element).slice(0, 10).entries()) {
        const ticket = shown[index]!;
        expect(text(part(row, "number"))).to.equal(`#${ticket.ticket_number}`);
        expect(text(part(row, "channel"))).to.equal(ticket.channel_source);
        expect(text(part(row, "excerpt"))).to.equal(
          plainExcerpt(ticket.last_message_text),
        );
        expect(text(part(row, "time"))).to.match(/ ago$/);
        expect(part(row, "avatar")).to.not.equal(null);
        expect(part(row, `status-${ticket.status}`)).to.not.equal(null);
        if (ticket.unread_team_count > 0)
          expect(text(part(row, "unread"))).to.equal(
            String(ticket.unread_team_count),
          );
        else expect(part(row, "unread")).to.equal(null);
        const sla = part(row, "sla");
        if (ticket.sla_due_at === null) expect(sla).to.equal(null);
        else
          expect(text(sla)).to.match(/^(Due in|At risk: due in|Breached) .+/);
      }
    });

    it("shows breached and at-risk SLAs in colour and in words", async () => {
      const element = await inbox(client, { filters: "sla=breached" });
      const breached = part(loadedRows(element)[0]!, "sla-breached")!;
      expect(text(breached)).to.match(/^Breached .+ ago$/);
      expect(getComputedStyle(breached).color).to.not.equal(
        getComputedStyle(part(element, "count")!).color,
      );
      element.filters = "sla=at-risk";
      await countChanged(element, element.total);
      expect(text(part(loadedRows(element)[0]!, "sla-at-risk"))).to.match(
        /^At risk: due in \d+ min$/,
      );
    });

    it("loads the rows of a page it scrolls to, keeping the DOM small", async () => {
      const element = await inbox(client);
      const list = part(element, "list")!;
      list.scrollTop = list.scrollHeight;
      await waitUntil(
        () =>
          loadedRows(element).some(
            (row) =>
              row.getAttribute("aria-posinset") === String(element.total),
          ),
        "the last row",
        { timeout: 8000 },
      );
      expect(parts(element, "row").length).to.be.lessThan(40);
      const all = (await client.tickets.list({}, { limit: 1000 })).items;
      const lastRow = loadedRows(element).find(
        (row) => row.getAttribute("aria-posinset") === String(all.length),
      )!;
      expect(text(part(lastRow, "number"))).to.equal(
        `#${all.at(-1)!.ticket_number}`,
      );
    });
  });

  describe("filters and order", () => {
    it("filters by status and priority with the server’s own counts, and clears", async () => {
      const element = await inbox(client);
      const all = element.total;
      chip(element, "Open").click();
      await countChanged(element, all);
      expect(element.total).to.equal(
        (await client.tickets.list({ status: ["open"] }, { limit: 1 })).total,
      );
      chip(element, "High").click();
      await countChanged(element, element.total);
      expect(element.total).to.equal(
        (
          await client.tickets.list(
            { status: ["open"], priority: ["high"] },
            { limit: 1 },
          )
        ).total,
      );
      expect(chip(element, "High").getAttribute("aria-pressed")).to.equal(
        "true",
      );
      for (const row of loadedRows(element)) {
        expect(part(row, "status-open")).to.not.equal(null);
        expect(part(row, "priority-high")).to.not.equal(null);
      }
      expect(element.getAttribute("filters")).to.equal(
        "status=open&priority=high",
      );
      part<HTMLButtonElement>(element, "clear-filters")!.click();
      await countChanged(element, element.total);
      expect(element.total).to.equal(all);
    });

    it("searches by number, and orders by SLA due date", async () => {
      const element = await inbox(client);
      const search = part<HTMLInputElement>(element, "search")!;
      typeInto(search, "42");
      await countChanged(element, element.total);
      expect(element.total).to.equal(1);
      expect(text(part(loadedRows(element)[0]!, "number"))).to.equal("#42");
      typeInto(search, "");
      await countChanged(element, 1);
      typeInto(part<HTMLSelectElement>(element, "order")!, "sla_due_at");
      await waitUntil(
        () => element.getAttribute("filters") === "order=sla_due_at",
      );
      const expected = (
        await client.tickets.list({ orderBy: "sla_due_at" }, { limit: 3 })
      ).items;
      await waitUntil(
        () =>
          text(part(loadedRows(element)[0]!, "number")) ===
          `#${expected[0]!.ticket_number}`,
        "SLA order",
        { timeout: 8000 },
      );
    });

    it("filters by channel, tags, assignee and dates from “more filters”", async () => {
      const element = await inbox(client);
      typeInto(part<HTMLSelectElement>(element, "channel-filter")!, "email");
      await countChanged(element, element.total);
      expect(element.total).to.equal(
        (await client.tickets.list({ channelSource: "email" }, { limit: 1 }))
          .total,
      );
      typeInto(
        part<HTMLInputElement>(element, "assignee-filter")!,
        "unassigned",
      );
      await countChanged(element, element.total);
      expect(element.total).to.equal(
        (
          await client.tickets.list(
            { channelSource: "email", assignee: "unassigned" },
            { limit: 1 },
          )
        ).total,
      );
      element.filters = "tags=billing&from=2020-01-01";
      await countChanged(element, element.total);
      expect(element.total).to.equal(
        (
          await client.tickets.list(
            { tags: ["billing"], dateFrom: "2020-01-01" },
            { limit: 1 },
          )
        ).total,
      );
    });

    it("keeps the filters and the open ticket in the URL hash across a reload", async () => {
      const before = location.hash;
      try {
        history.replaceState(null, "", "#priority=high&ticket=3&tab=mine");
        const element = await inbox(client, { syncHash: true });
        expect(element.total).to.equal(
          (await client.tickets.list({ priority: ["high"] }, { limit: 1 }))
            .total,
        );
        await waitUntil(
          () => part(element, "detail") !== null,
          "ticket #3 to open",
        );
        expect(text(part(element, "detail-header"))).to.contain("#3");
        chip(element, "Pending").click();
        await element.updateComplete;
        expect(location.hash).to.equal(
          "#status=pending&priority=high&ticket=3&tab=mine",
        );
        part<HTMLButtonElement>(element, "close-detail")!.click();
        await element.updateComplete;
        expect(location.hash).to.equal(
          "#status=pending&priority=high&tab=mine",
        );
        // A link or the back button changes the hash: the inbox follows.
        location.hash = "#status=resolved&ticket=4";
        await waitUntil(
          () => element.getAttribute("filters") === "status=resolved",
          "the hash's filters",
        );
        await waitUntil(
          () => text(part(element, "detail-header")).includes("#4"),
          "ticket #4 to open",
        );
      } finally {
        history.replaceState(null, "", before || location.pathname);
      }
    });
  });

  describe("saved views", () => {
    it("lists, opens, saves, renames and deletes views through the views API", async () => {
      const element = await inbox(client);
      const serverViews = (await client.views.list()).items;
      expect(parts(element, "view").map(text)).to.deep.equal([
        "All tickets",
        ...serverViews.map((view) => view.name),
      ]);

      chip(element, "New").click();
      await countChanged(element, element.total);
      part<HTMLButtonElement>(element, "save-view")!.click();
      await element.updateComplete;
      const form = part<HTMLFormElement>(element, "view-form")!;
      form.querySelector("input")!.value = "Brand new";
      form.requestSubmit();
      await waitUntil(
        () => parts(element, "view").some((view) => text(view) === "Brand new"),
        "the saved view",
      );
      const saved = (await client.views.list()).items.find(
        (view) => view.name === "Brand new",
      )!;
      expect(saved.filters).to.deep.equal({ status: ["new"] });
      expect(text(part(element, "view-active"))).to.equal("Brand new");

      parts<HTMLButtonElement>(element, "view")[0]!.click();
      await countChanged(element, element.total);
      expect(element.getAttribute("filters")).to.equal("");
      parts<HTMLButtonElement>(element, "view")
        .find((view) => text(view) === "Brand new")!
        .click();
      await countChanged(element, element.total);
      expect(element.getAttribute("filters")).to.equal("status=new");

      part<HTMLButtonElement>(element, "view-rename")!.click();
      await element.updateComplete;
      const renameForm = part<HTMLFormElement>(element, "view-form")!;
      renameForm.querySelector("input")!.value = "Renamed";
      renameForm.requestSubmit();
      await waitUntil(
        () => parts(element, "view").some((view) => text(view) === "Renamed"),
        "the renamed view",
      );
      const names = (await client.views.list()).items.map((view) => view.name);
      expect(names).to.include("Renamed").and.not.include("Brand new");

      parts<HTMLButtonElement>(element, "view-delete")
        .find((button) =>
          button.getAttribute("aria-label")!.endsWith("Renamed"),
        )!
        .click();
      await element.updateComplete;
      expect(text(part(element, "confirm"))).to.contain(
        "Delete the view “Renamed”?",
      );
      part<HTMLButtonElement>(element, "confirm-yes")!.click();
      await waitUntil(
        () => !parts(element, "view").some((view) => text(view) === "Renamed"),
        "the view to go",
      );
      expect(
        (await client.views.list()).items.map((view) => view.name),
      ).to.not.include("Renamed");
    });
    it("opens the view named by the view attribute", async () => {
      const target = (await client.views.list()).items[1]!;
      const element = await inbox(client);
      element.view = target.short_id;
      await waitUntil(
        () => text(part(element, "view-active")) === target.name,
        "the view to open",
      );
      await waitForRows(element);
      expect(element.getAttribute("view")).to.equal(target.short_id);
      expect(element.filters).to.equal(
        filtersToParams(filtersFromView(target.filters)),
      );
      chip(element, "Resolved").click();
      await element.updateComplete;
      expect(element.view).to.equal(null);
    });
  });

  describe("unread counts", () => {
    it("shows the total, and opening a ticket marks it read at once and on the server", async () => {
      const element = await inbox(client, { filters: "status=open" });
      const serverTotal = await client.tickets.unreadCount();
      await waitUntil(() => part(element, "unread-total") !== null);
      expect(text(part(element, "unread-total"))).to.equal(
        `${serverTotal} unread`,
      );
      const row = loadedRows(element).find(
        (candidate) => part(candidate, "unread") !== null,
      )!;
      const unread = Number(text(part(row, "unread")));
      const selected = oneEvent(element, "ticket-select");
      row.click();
      expect((await selected).detail.ticket.unread_team_count).to.equal(unread);
      await element.updateComplete;
      expect(text(part(element, "unread-total"))).to.equal(
        `${serverTotal - unread} unread`,
      );
      expect(part(row, "unread")).to.equal(null);
      await waitUntil(
        async () =>
          (await client.tickets.unreadCount()) === serverTotal - unread,
        "the server to count it read",
      );
      await element.unread.refresh(true);
      expect(text(part(element, "unread-total"))).to.equal(
        `${serverTotal - unread} unread`,
      );
    });

    it("polls no more often than the server’s 30 s cache is worth", async () => {
      const element = await inbox(client);
      await waitUntil(() => part(element, "unread-total") !== null);
      const unreadRequests = () =>
        performance
          .getEntriesByType("resource")
          .filter((entry) => entry.name.includes("unread_count")).length;
      performance.clearResourceTimings();
      window.dispatchEvent(new Event("focus"));
      document.dispatchEvent(new Event("visibilitychange"));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(unreadRequests()).to.equal(0);
      // The same probe does see a request when one is made.
      await element.unread.refresh(true);
      await waitUntil(() => unreadRequests() === 1, "the forced request");
    });
  });

  describe("a ticket", () => {
    it("opens beside the list with its thread, internal notes and the configured person panel", async () => {
      const element = await inbox(client);
      const withNote = await firstTicketWhere(
        client,
        (ticket) => ticket.message_count > 3 && ticket.message_count < 30,
      );
      await openTicketByNumber(element, client, withNote.ticket_number);
      const threadElement = thread(element);
      await waitUntil(
        () => parts(threadElement, "message").length > 0,
        "messages",
        { timeout: 8000 },
      );
      const comments = [];
      for await (const comment of client.comments.listAll(withNote.id))
        comments.push(comment);
      expect(parts(threadElement, "message").length).to.equal(comments.length);
      const notes = comments.filter(
        (comment) => comment.item_context?.is_private === true,
      ).length;
      expect(parts(threadElement, "message-internal").length).to.equal(notes);
      const panel = part(element, "person")!;
      const config = (await client.profileConfigs.list()).items.find(
        (candidate) => candidate.scope === "person",
      )!;
      for (const node of config.sidebar as { attrs: { title: string } }[])
        expect(text(panel)).to.contain(node.attrs.title);
      await expect(element).to.be.accessible();
    });

    it("lists the person's other tickets when the profile config asks for them", async () => {
      const byEmail = new Map<string, Ticket[]>();
      for await (const ticket of client.tickets.listAll(
        {},
        { pageSize: 500 },
      )) {
        const email = String(ticket.anonymous_traits?.email ?? "");
        if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), ticket]);
      }
      const [, tickets] = [...byEmail].find(([, list]) => list.length >= 2)!;
      const element = await inbox(client);
      await openTicketByNumber(element, client, tickets[0]!.ticket_number);
      await waitUntil(
        () => parts(element, "related-ticket").length > 0,
        "the other tickets",
      );
      const shown = parts(element, "related-ticket").map(
        (button) => text(button).split(" ")[0],
      );
      const expected = tickets
        .slice(1)
        .map((ticket) => `#${ticket.ticket_number}`);
      expect(shown.length).to.equal(Math.min(5, expected.length));
      for (const number of shown) expect(expected).to.include(number);
      parts<HTMLButtonElement>(element, "related-ticket")[0]!.click();
      await waitUntil(
        () => text(part(element, "detail-header")).includes(shown[0]!),
        "the other ticket to open",
      );
    });

    it("posts a reply and an internal note through the comments API", async () => {
      const element = await inbox(client);
      await openTicketByNumber(element, client, 20);
      const threadElement = thread(element);
      await waitUntil(
        () =>
          parts(threadElement, "message").length > 0 ||
          text(threadElement.shadowRoot!.querySelector(".empty")) !== "",
        "thread",
      );
      const before = parts(threadElement, "message").length;
      typeInto(
        part<HTMLTextAreaElement>(threadElement, "reply-input")!,
        "We are **on** it.",
      );
      await threadElement.updateComplete;
      const replied = oneEvent(element, "ticket-replied");
      part<HTMLButtonElement>(threadElement, "send")!.click();
      expect((await replied).detail.internal).to.equal(false);
      part<HTMLButtonElement>(threadElement, "mode-internal")!.click();
      typeInto(
        part<HTMLTextAreaElement>(threadElement, "reply-input")!,
        "Customer is on the old plan.",
      );
      await threadElement.updateComplete;
      expect(text(part(threadElement, "send"))).to.equal("Add note");
      part<HTMLButtonElement>(threadElement, "send")!.click();
      await waitUntil(
        () => parts(threadElement, "message").length === before + 2,
        "both messages",
      );
      expect(text(parts(threadElement, "message-internal").at(-1))).to.contain(
        "Customer is on the old plan.",
      );
      const reply = parts(threadElement, "message").at(-2)!;
      expect(text(part(reply, "message-body"))).to.equal("We are on it.");
      expect(
        part(reply, "message-body")!.querySelector("strong")?.textContent,
      ).to.equal("on");
      const ticket = await client.tickets.get(20);
      const stored = [];
      for await (const comment of client.comments.listAll(ticket.id))
        stored.push(comment);
      const note = stored.find(
        (comment) => comment.content === "Customer is on the old plan.",
      )!;
      expect(note.item_context?.is_private).to.equal(true);
      expect(
        stored.find((comment) => comment.content === "We are **on** it.")!
          .item_context?.is_private,
      ).to.equal(false);
    });

    it("keeps a reply draft per ticket", async () => {
      const element = await inbox(client);
      await openTicketByNumber(element, client, 25);
      typeInto(
        part<HTMLTextAreaElement>(thread(element), "reply-input")!,
        "Half a reply",
      );
      await openTicketByNumber(element, client, 26);
      await thread(element).updateComplete;
      expect(
        part<HTMLTextAreaElement>(thread(element), "reply-input")!.value,
      ).to.equal("");
      await openTicketByNumber(element, client, 25);
      await waitUntil(
        () =>
          part<HTMLTextAreaElement>(thread(element), "reply-input")!.value ===
          "Half a reply",
        "the draft to come back",
      );
    });

    it("leaves the reply box with Escape, and the ticket with a second Escape", async () => {
      const element = await inbox(client);
      await openTicketByNumber(element, client, 27);
      const input = part<HTMLTextAreaElement>(thread(element), "reply-input")!;
      input.focus();
      press(element, "Escape", input);
      await element.updateComplete;
      expect(part(element, "detail")).to.not.equal(null);
      expect(element.shadowRoot!.activeElement).to.equal(part(element, "list"));
      press(element, "Escape");
      await element.updateComplete;
      expect(part(element, "detail")).to.equal(null);
    });

    it("saves field changes optimistically and reports them", async () => {
      const element = await inbox(client);
      await openTicketByNumber(element, client, 21);
      const select = part(element, "fields")!.querySelector<HTMLSelectElement>(
        '[data-field="priority"] select',
      )!;
      const next = select.value === "high" ? "low" : "high";
      const updated = oneEvent(element, "ticket-updated");
      typeInto(select, next);
      await element.updateComplete;
      expect(part(element, "field-saving")).to.not.equal(null);
      const event = await updated;
      expect(event.detail.changes).to.deep.equal({ priority: next });
      expect(event.detail.ticket.priority).to.equal(next);
      expect((await client.tickets.get(21)).priority).to.equal(next);
      await element.updateComplete;
      expect(part(element, "field-saving")).to.equal(null);

      const tags = part(element, "fields")!.querySelector<HTMLInputElement>(
        '[data-field="tags"] input',
      )!;
      typeInto(tags, "vip, billing");
      await oneEvent(element, "ticket-updated");
      expect((await client.tickets.get(21)).tags).to.deep.equal([
        "vip",
        "billing",
      ]);
      const ai = part(element, "fields")!.querySelector<HTMLInputElement>(
        '[data-field="ai_resolved"] input',
      )!;
      ai.click();
      await oneEvent(element, "ticket-updated");
      expect((await client.tickets.get(21)).ai_resolved).to.equal(ai.checked);
    });

    it("assigns from the host's choices and unassigns", async () => {
      const element = await inbox(client);
      element.assignees = [
        { value: "user:2", label: "Sam Okafor" },
        { value: "user:3", label: "Lea Fischer" },
      ];
      await openTicketByNumber(element, client, 24);
      const options = [
        ...element.shadowRoot!.querySelectorAll("#assignee-options option"),
      ].map((option) => text(option));
      expect(options).to.deep.equal([
        "Unassigned",
        "Sam Okafor",
        "Lea Fischer",
      ]);
      const input = () =>
        part(element, "fields")!.querySelector<HTMLInputElement>(
          '[data-field="assignee"] input',
        )!;
      expect(input().getAttribute("list")).to.equal("assignee-options");
      typeInto(input(), "user:3");
      await oneEvent(element, "ticket-updated");
      expect((await client.tickets.get(24)).assignee).to.deep.include({
        type: "user",
        id: 3,
      });
      typeInto(input(), "unassigned");
      await oneEvent(element, "ticket-updated");
      expect((await client.tickets.get(24)).assignee).to.equal(null);
    });

    it("keeps the detail closed when the host cancels ticket-select", async () => {
      const element = await inbox(client);
      element.addEventListener(
        "ticket-select",
        (event) => event.preventDefault(),
        {
          once: true,
        },
      );
      loadedRows(element)[0]!.click();
      await element.updateComplete;
      expect(part(element, "detail")).to.equal(null);
    });

    it("rolls a refused change back and says why", async () => {
      const element = await inbox(client);
      await openTicketByNumber(element, client, 22);
      const original = (await client.tickets.get(22)).assignee;
      const input = part(element, "fields")!.querySelector<HTMLInputElement>(
        '[data-field="assignee"] input',
      )!;
      const failed = oneEvent(element, "ticket-error");
      typeInto(input, "user:9999");
      await element.updateComplete;
      expect(part(element, "field-saving")).to.not.equal(null);
      const error = await failed;
      expect(error.detail.operation).to.equal("update");
      await element.updateComplete;
      expect(text(part(element, "notice"))).to.match(
        /^Assignee of #22 was not saved and is back to its previous value: .+/,
      );
      const shown = part(element, "fields")!.querySelector<HTMLInputElement>(
        '[data-field="assignee"] input',
      )!;
      expect(shown.value).to.equal(
        original ? `${original.type}:${original.id}` : "",
      );
      expect((await client.tickets.get(22)).assignee).to.deep.equal(original);
      part<HTMLButtonElement>(element, "notice-dismiss")!.click();
      await element.updateComplete;
      expect(part(element, "notice")).to.equal(null);
    });

    it("rolls back when the server cannot be reached", async () => {
      const local = await startReferenceServer();
      const localClient = clientFor(local);
      const element = await inbox(localClient);
      await openTicketByNumber(element, localClient, 23);
      const select = part(element, "fields")!.querySelector<HTMLSelectElement>(
        '[data-field="status"] select',
      )!;
      const before = select.value;
      await local.stop();
      const failed = oneEvent(element, "ticket-error");
      typeInto(select, before === "pending" ? "open" : "pending");
      await failed;
      await element.updateComplete;
      expect(
        part(element, "fields")!.querySelector<HTMLSelectElement>(
          '[data-field="status"] select',
        )!.value,
      ).to.equal(before);
      expect(text(part(element, "notice"))).to.contain(
        "The server could not be reached.",
      );
    });

    it("fills the reply box with a suggestion, and explains 403, 400 and 500 answers", async () => {
      const element = await inbox(client);
      const cases: [number, RegExp][] = [
        [7, /^AI suggestions are not enabled for this project\.$/],
        [5, /^There is nothing to reply to yet\.$/],
        [8, /^No suggestion this time: .+/],
      ];
      for (const [number, message] of cases) {
        await openTicketByNumber(element, client, number);
        const threadElement = thread(element);
        part<HTMLButtonElement>(threadElement, "suggest")!.click();
        await waitUntil(
          () => part(threadElement, "suggest-error") !== null,
          `suggest_reply on #${number} to fail`,
        );
        expect(text(part(threadElement, "suggest-error"))).to.match(message);
      }
      await openTicketByNumber(element, client, 9);
      const threadElement = thread(element);
      part<HTMLButtonElement>(threadElement, "suggest")!.click();
      await waitUntil(
        () =>
          part<HTMLTextAreaElement>(threadElement, "reply-input")!.value !== "",
        "the suggestion",
      );
      expect(
        part<HTMLTextAreaElement>(threadElement, "reply-input")!.value,
      ).to.match(/^Hi /);
    });

    it("shows the wait when suggest_reply answers 429", async () => {
      const limited = await startReferenceServer({ rateLimits: { other: 30 } });
      try {
        const limitedClient = clientFor(limited);
        const element = await inbox(limitedClient);
        await openTicketByNumber(element, limitedClient, 9);
        const threadElement = thread(element);
        await waitUntil(
          () => parts(threadElement, "message").length > 0,
          "thread",
        );
        // Spend what is left of the minute's allowance.
        for (;;) {
          try {
            await limitedClient.tickets.unreadCount();
          } catch {
            break;
          }
        }
        part<HTMLButtonElement>(threadElement, "suggest")!.click();
        await waitUntil(
          () => part(threadElement, "suggest-error") !== null,
          "the 429",
        );
        expect(text(part(threadElement, "suggest-error"))).to.match(
          /^Too many requests: try again in \d+ s\.$/,
        );
        expect(
          part<HTMLButtonElement>(threadElement, "suggest")!.disabled,
        ).to.equal(true);
      } finally {
        await limited.stop();
      }
    });

    it("deletes a ticket only after asking", async () => {
      const element = await inbox(client);
      const total = element.total!;
      await openTicketByNumber(element, client, 30);
      part<HTMLButtonElement>(element, "delete-ticket")!.click();
      await element.updateComplete;
      expect(element.shadowRoot!.activeElement).to.equal(
        part(element, "confirm-no"),
      );
      expect(text(part(element, "confirm"))).to.contain(
        "Delete ticket #30? This cannot be undone.",
      );
      part<HTMLButtonElement>(element, "confirm-no")!.click();
      await element.updateComplete;
      expect(part(element, "confirm")).to.equal(null);
      part<HTMLButtonElement>(element, "delete-ticket")!.click();
      await element.updateComplete;
      const deleted = oneEvent(element, "ticket-deleted");
      part<HTMLButtonElement>(element, "confirm-yes")!.click();
      expect((await deleted).detail.ticketNumber).to.equal(30);
      await element.updateComplete;
      expect(part(element, "detail")).to.equal(null);
      await waitUntil(
        () => element.total === total - 1,
        "the count to drop by one",
      );
      let status = 0;
      await client.tickets
        .get(30)
        .catch((error: { status: number }) => (status = error.status));
      expect(status).to.equal(404);
    });

    it("creates a ticket and opens it", async () => {
      const element = await inbox(client);
      part<HTMLButtonElement>(element, "new-ticket")!.click();
      await element.updateComplete;
      const form = part<HTMLFormElement>(element, "create-form")!;
      (form.elements.namedItem("name") as HTMLInputElement).value =
        "Zoe Example";
      (form.elements.namedItem("email") as HTMLInputElement).value =
        "zoe@example.com";
      (form.elements.namedItem("priority") as HTMLSelectElement).value = "high";
      (form.elements.namedItem("tags") as HTMLInputElement).value =
        "phone, vip";
      const created = oneEvent(element, "ticket-created");
      form.requestSubmit();
      const ticket = (await created).detail.ticket;
      expect(ticket.priority).to.equal("high");
      expect(ticket.tags).to.deep.equal(["phone", "vip"]);
      expect(ticket.anonymous_traits).to.deep.equal({
        name: "Zoe Example",
        email: "zoe@example.com",
      });
      await waitUntil(
        () =>
          text(part(element, "detail-header")).includes(
            `#${ticket.ticket_number}`,
          ),
        "the new ticket to open",
      );
    });
  });

  describe("keyboard triage", () => {
    it("moves with arrows and j/k, opens with Enter, goes back with Escape", async () => {
      const element = await inbox(client);
      const list = part(element, "list")!;
      list.focus();
      expect(list.getAttribute("aria-activedescendant")).to.equal(
        "ticket-row-0",
      );
      press(element, "j");
      press(element, "ArrowDown");
      await element.updateComplete;
      expect(list.getAttribute("aria-activedescendant")).to.equal(
        "ticket-row-2",
      );
      press(element, "k");
      await element.updateComplete;
      expect(list.getAttribute("aria-activedescendant")).to.equal(
        "ticket-row-1",
      );
      expect(loadedRows(element)[1]!.getAttribute("aria-selected")).to.equal(
        "true",
      );
      const selected = oneEvent(element, "ticket-select");
      press(element, "Enter");
      const ticket = (await selected).detail.ticket;
      await element.updateComplete;
      expect(text(part(element, "detail-header"))).to.contain(
        `#${ticket.ticket_number}`,
      );
      press(element, "j");
      await waitUntil(
        () =>
          !text(part(element, "detail-header")).includes(
            `#${ticket.ticket_number} `,
          ),
        "the next ticket to open",
      );
      press(element, "Escape");
      await element.updateComplete;
      expect(part(element, "detail")).to.equal(null);
    });

    it("searches with /, creates with c and reloads with g", async () => {
      const element = await inbox(client);
      part(element, "list")!.focus();
      press(element, "/");
      expect(element.shadowRoot!.activeElement).to.equal(
        part(element, "search"),
      );
      press(element, "c", part(element, "list")!);
      await element.updateComplete;
      expect(part(element, "create-form")).to.not.equal(null);
      press(
        element,
        "Escape",
        part(element, "create-form")!.querySelector("input")!,
      );
      await element.updateComplete;
      expect(part(element, "create-form")).to.equal(null);
      const requests = () =>
        performance
          .getEntriesByType("resource")
          .filter((entry) => entry.name.includes("/conversations/tickets/?"))
          .length;
      performance.clearResourceTimings();
      const before = requests();
      press(element, "g");
      await waitUntil(() => requests() > before, "the list to be read again");
    });

    it("sets status and priority with shortcuts and lists them in the help overlay", async () => {
      const element = await inbox(client);
      const list = part(element, "list")!;
      list.focus();
      const ticket = (await client.tickets.list({}, { limit: 1 })).items[0]!;
      const updated = oneEvent(element, "ticket-updated");
      press(element, "p");
      expect((await updated).detail.ticket.status).to.equal("pending");
      const prioritised = oneEvent(element, "ticket-updated");
      press(element, "3");
      expect((await prioritised).detail.ticket.priority).to.equal("high");
      const stored = await client.tickets.get(ticket.id);
      expect([stored.status, stored.priority]).to.deep.equal([
        "pending",
        "high",
      ]);
      press(element, "?");
      await element.updateComplete;
      const help = part(element, "help")!;
      expect(help.getAttribute("role")).to.equal("dialog");
      expect(text(help))
        .to.contain("Status: pending")
        .and.contain("Priority: high")
        .and.contain("Next ticket");
      await expect(element).to.be.accessible();
      press(element, "j", help);
      press(element, "Tab", help);
      await element.updateComplete;
      expect(element.shadowRoot!.activeElement).to.equal(
        part(element, "help-close"),
      );
      press(element, "Escape", help);
      await element.updateComplete;
      expect(part(element, "help")).to.equal(null);
      await element.updateComplete;
      expect(element.shadowRoot!.activeElement).to.equal(part(element, "list"));
    });
  });

  describe("configuration", () => {
    it("takes its client from a <convo-provider> without a spurious error", async () => {
      const errors: string[] = [];
      const wrapper = await fixture<HTMLElement>(
        html`<div style="height: 600px; display: flex">
          <convo-provider
            base-url=${server.url}
            token=${server.token}
            dialect="posthog"
            project-id="1"
            style="flex: 1; display: flex"
            @ticket-error=${(event: TicketErrorEvent) =>
              errors.push(event.detail.operation)}
          >
            <ticket-list style="flex: 1"></ticket-list>
          </convo-provider>
        </div>`,
      );
      const element = wrapper.querySelector("ticket-list")!;
      await waitForRows(element);
      await waitUntil(() => part(element, "unread-total") !== null);
      expect(element.total).to.equal(
        (await client.tickets.list({}, { limit: 1 })).total,
      );
      expect(errors).to.deep.equal([]);
    });
  });

  describe("theme and strings", () => {
    it("follows the system's dark preference when no theme is set", async () => {
      const element = await inbox(client);
      const light = getComputedStyle(element).backgroundColor;
      await emulateMedia({ colorScheme: "dark" });
      try {
        expect(getComputedStyle(element).backgroundColor).to.not.equal(light);
        element.theme = "light";
        await element.updateComplete;
        expect(getComputedStyle(element).backgroundColor).to.equal(light);
      } finally {
        await emulateMedia({ colorScheme: "light" });
      }
    });

    it("switches to dark with the theme attribute and takes host strings", async () => {
      const element = await inbox(client);
      const light = getComputedStyle(element).backgroundColor;
      element.theme = "dark";
      await element.updateComplete;
      expect(getComputedStyle(element).backgroundColor).to.not.equal(light);
      await expect(element).to.be.accessible();
      element.strings = {
        inboxTitle: "Posteingang",
        ticketCount: "{count} Tickets",
      };
      await element.updateComplete;
      expect(text(part(element, "header")!.querySelector("h2"))).to.equal(
        "Posteingang",
      );
      expect(text(part(element, "count"))).to.equal(`${element.total} Tickets`);
    });
  });
});
