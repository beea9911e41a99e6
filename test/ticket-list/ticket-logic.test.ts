import { expect } from "@open-wc/testing";
import {
  countActiveFilters,
  filtersFromParams,
  filtersFromView,
  filtersToParams,
  filtersToView,
  readHashState,
  sameFilters,
  writeHashState,
} from "../../src/elements/ticket-list/ticket-filters.js";
import {
  formatDuration,
  slaState,
} from "../../src/elements/ticket-list/ticket-time.js";
import { OptimisticEdits } from "../../src/elements/ticket-list/optimistic-edits.js";
import {
  TicketPages,
  type TicketPage,
} from "../../src/elements/ticket-list/ticket-pages.js";
import { triageActionFor } from "../../src/elements/ticket-list/ticket-shortcuts.js";
import {
  plainExcerpt,
  ticketPerson,
} from "../../src/elements/ticket-list/ticket-format.js";
import { englishTicketListStrings } from "../../src/elements/ticket-list/ticket-list-strings.js";
import { fakeTicket } from "./fake-inbox-client.js";

describe("ticket filters", () => {
  it("round-trips every filter through the URL form", () => {
    const filters = {
      status: ["open" as const, "new" as const],
      priority: ["high" as const],
      channelSource: "email",
      assignee: "user:42",
      sla: "at-risk" as const,
      tags: ["billing", "a,b"],
      dateFrom: "2026-01-01",
      dateTo: "2026-02-01",
      search: "ada@example.com",
      orderBy: "sla_due_at" as const,
    };
    const params = filtersToParams(filters);
    expect(params).to.equal(
      "status=new%2Copen&priority=high&channel=email&assignee=user%3A42&sla=at-risk&tags=billing&tags=a%2Cb&from=2026-01-01&to=2026-02-01&q=ada%40example.com&order=sla_due_at",
    );
    expect(filtersFromParams(params)).to.deep.equal({
      ...filters,
      status: ["new", "open"],
    });
  });

  it("drops values the server would refuse, and the default order", () => {
    const filters = filtersFromParams(
      "#status=open,bogus&priority=urgent&sla=late&assignee=bob&from=yesterday&order=-updated_at&q=%20%20",
    );
    expect(filters).to.deep.equal({ status: ["open"] });
    expect(countActiveFilters(filters)).to.equal(1);
  });

  it("compares filter sets by meaning, not by spelling", () => {
    expect(
      sameFilters(
        { status: ["open", "new"] },
        { status: ["new", "open"], orderBy: "-updated_at" },
      ),
    ).to.equal(true);
    expect(
      sameFilters(
        { status: ["open"] },
        { status: ["open"], priority: ["low"] },
      ),
    ).to.equal(false);
  });

  it("keeps the host page’s own hash keys and the open ticket", () => {
    const hash = writeHashState("#tab=inbox&status=new", {
      filters: { priority: ["low"] },
      ticket: "17",
    });
    expect(hash).to.equal("#priority=low&ticket=17&tab=inbox");
    expect(readHashState(hash)).to.deep.equal({
      filters: { priority: ["low"] },
      ticket: "17",
    });
    expect(writeHashState("", { filters: {}, ticket: null })).to.equal("");
  });

  it("maps to and from a saved view’s keys, leaving search out", () => {
    const view = filtersToView({
      status: ["open"],
      channelSource: "slack",
      orderBy: "created_at",
      search: "x",
      tags: ["vip"],
    });
    expect(view).to.deep.equal({
      status: ["open"],
      channel: "slack",
      order: "created_at",
      tags: ["vip"],
    });
    expect(filtersFromView(view)).to.deep.equal({
      status: ["open"],
      channelSource: "slack",
      orderBy: "created_at",
      tags: ["vip"],
    });
    expect(
      // A view saved by another tool, with a single status where a list belongs.
      filtersFromView({
        status: "pending" as unknown as string[],
        priority: ["nope"],
        sla: "breached",
      }),
    ).to.deep.equal({ status: ["pending"], sla: "breached" });
  });
});

describe("ticket time", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  it("puts a due date in the same buckets as the server’s sla filter", () => {
    expect(slaState(null, now).kind).to.equal("none");
    expect(slaState("2026-03-01T11:59:00Z", now)).to.deep.equal({
      kind: "breached",
      remainingMs: -60_000,
    });
    expect(slaState("2026-03-01T12:00:00Z", now).kind).to.equal("breached");
    expect(slaState("2026-03-01T13:00:00Z", now).kind).to.equal("at-risk");
    expect(slaState("2026-03-01T13:00:01Z", now).kind).to.equal("on-track");
  });

  it("writes durations in their largest whole unit", () => {
    expect(formatDuration(30_000)).to.equal("0 min");
    expect(formatDuration(-5 * 60_000)).to.equal("5 min");
    expect(formatDuration(3 * 3_600_000 + 59 * 60_000)).to.equal("3 hr");
    expect(formatDuration(2 * 86_400_000)).to.equal("2 days");
  });
});

describe("optimistic edits", () => {
  interface Row {
    status: string;
    priority: string | null;
  }
  const server: Row = { status: "open", priority: "low" };

  it("shows edits in flight over the server’s copy and falls back field by field", () => {
    const edits = new OptimisticEdits<Row>();
    const first = edits.begin("t1", { status: "pending" });
    const second = edits.begin("t1", { priority: "high" });
    expect(edits.overlay("t1", server)).to.deep.equal({
      status: "pending",
      priority: "high",
    });
    expect(edits.isPending("t1", "status")).to.equal(true);
    edits.settle(first); // failed: status falls back, the priority edit still shows
    expect(edits.overlay("t1", server)).to.deep.equal({
      status: "open",
      priority: "high",
    });
    edits.settle(second);
    expect(edits.overlay("t1", server)).to.equal(server);
    expect(edits.size).to.equal(0);
  });

  it("never rolls a field back to a value a later edit replaced", () => {
    const edits = new OptimisticEdits<Row>();
    const toPending = edits.begin("t1", { status: "pending" });
    edits.begin("t1", { status: "resolved" });
    edits.settle(toPending);
    expect(edits.overlay("t1", server).status).to.equal("resolved");
  });
});

describe("ticket pages", () => {
  interface Call {
    offset: number;
    limit: number;
    signal: AbortSignal;
    answer(total: number): void;
    fail(error: unknown): void;
  }

  function setup(pageSize = 10) {
    const calls: Call[] = [];
    let changes = 0;
    const pages = new TicketPages<{ id: string }>({
      pageSize,
      idOf: (row) => row.id,
      onChange: () => changes++,
      fetchPage: (offset, limit, signal) =>
        new Promise<TicketPage<{ id: string }>>((resolve, reject) =>
          calls.push({
            offset,
            limit,
            signal,
            answer: (total) =>
              resolve({
                total,
                items: Array.from(
                  { length: Math.max(0, Math.min(limit, total - offset)) },
                  (_, i) => ({ id: `t${offset + i}` }),
                ),
              }),
            fail: reject,
          }),
        ),
    });
    return { pages, calls, changes: () => changes };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve));

  it("fetches the pages the viewport shows, and learns the total", async () => {
    const { pages, calls, changes } = setup();
    pages.want(0, 15);
    expect(calls.map((call) => call.offset)).to.deep.equal([0, 10]);
    expect(pages.status).to.equal("loading");
    calls[0]!.answer(95);
    calls[1]!.answer(95);
    await settle();
    expect(pages.total).to.equal(95);
    expect(pages.at(14)).to.deep.equal({ id: "t14" });
    expect(changes()).to.equal(2);
    pages.want(0, 15);
    expect(calls.length).to.equal(2);
  });

  it("aborts pages the viewport left", async () => {
    const { pages, calls } = setup();
    pages.want(0, 5);
    calls[0]!.answer(1000);
    await settle();
    pages.want(500, 505);
    pages.want(900, 905);
    expect(calls[1]!.signal.aborted).to.equal(true);
    expect(calls[2]!.offset).to.equal(900);
  });

  it("shifts later rows up when a ticket is deleted", async () => {
    const { pages, calls } = setup();
    pages.want(0, 20);
    calls[0]!.answer(20);
    calls[1]!.answer(20);
    await settle();
    pages.remove("t3");
    expect(pages.total).to.equal(19);
    expect(pages.at(3)).to.deep.equal({ id: "t4" });
    expect(pages.indexOf("t19")).to.equal(18);
  });

  it("keeps rows on screen during a refresh, and drops rows the server no longer has", async () => {
    const { pages, calls } = setup();
    pages.want(0, 10);
    calls[0]!.answer(10);
    await settle();
    pages.refresh();
    expect(pages.at(9)).to.deep.equal({ id: "t9" });
    calls[1]!.answer(8);
    await settle();
    expect(pages.total).to.equal(8);
    expect(pages.at(9)).to.equal(undefined);
  });

  it("reports a failed page and fetches it again on retry", async () => {
    const { pages, calls } = setup();
    pages.want(0, 5);
    calls[0]!.fail(new Error("down"));
    await settle();
    expect(pages.status).to.equal("error");
    expect((pages.error as Error).message).to.equal("down");
    pages.retry();
    expect(calls.length).to.equal(2);
  });
});

describe("triage shortcuts", () => {
  const key = (k: string, modifiers: Partial<KeyboardEvent> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...modifiers,
  });

  it("maps keys to actions, but leaves text fields and modified keys alone", () => {
    expect(triageActionFor(key("j"), false)).to.deep.equal({
      kind: "move",
      by: 1,
    });
    expect(triageActionFor(key("3"), false)).to.deep.equal({
      kind: "set-priority",
      priority: "high",
    });
    expect(triageActionFor(key("j"), true)).to.equal(undefined);
    expect(triageActionFor(key("Escape"), true)).to.deep.equal({
      kind: "back",
    });
    expect(triageActionFor(key("r", { metaKey: true }), false)).to.equal(
      undefined,
    );
  });
});

describe("ticket person", () => {
  const base = fakeTicket(1, Date.parse("2026-03-01T12:00:00Z"));
  const strings = englishTicketListStrings;

  it("names an identified person, else what the widget collected, else anonymous", () => {
    const identified = ticketPerson(
      {
        ...base,
        person: {
          id: "p",
          name: "ada@example.com",
          distinct_ids: [],
          properties: { name: "Ada Lovelace" },
          is_identified: true,
        },
      },
      strings,
    );
    expect(identified).to.deep.include({
      name: "Ada Lovelace",
      initials: "AL",
      identified: true,
    });
    const traits = ticketPerson(
      {
        ...base,
        anonymous_traits: { email: "grace.hopper@example.com" },
        person: {
          id: "p",
          name: "0190-anon",
          distinct_ids: [],
          properties: {},
          is_identified: false,
        },
      },
      strings,
    );
    expect(traits).to.deep.include({
      name: "grace.hopper@example.com",
      initials: "GH",
      identified: false,
    });
    const nobody = ticketPerson(
      {
        ...base,
        anonymous_traits: {},
        person: {
          id: "p",
          name: "0190-anon",
          distinct_ids: [],
          properties: {},
          is_identified: false,
        },
      },
      strings,
    );
    expect(nobody).to.deep.include({ name: "Anonymous", initials: "?" });
  });
});

describe("plain excerpt", () => {
  it("drops markdown marks and keeps the words", () => {
    expect(
      plainExcerpt(
        "## Refund\n> You can **enforce** SSO under `Settings` — see [the docs](https://x.test).\n- signed_up_at is 2 * 3",
      ),
    ).to.equal(
      "Refund You can enforce SSO under Settings — see the docs. signed_up_at is 2 * 3",
    );
    expect(plainExcerpt(null)).to.equal("");
  });
});
