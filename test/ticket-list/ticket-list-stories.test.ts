import { expect, fixtureCleanup, waitUntil } from "@open-wc/testing";
import type { TicketList } from "../../src/elements/ticket-list/ticket-list.js";
import meta, * as stories from "../../stories/ticket-list.stories.js";
import { part, text } from "./ticket-list-fixture.js";

type Args = typeof meta.args & object;
/** What this test reads of a story; Storybook's own render also takes a context, which these ignore. */
type Story = { args?: Partial<Args>; render?: unknown };

/** Renders a story the way Storybook does: its args over the defaults, its render or the default one. */
function show(story: Story): TicketList {
  const args = { ...meta.args, ...story.args } as Args;
  const render = (story.render ?? meta.render) as (args: Args) => HTMLElement;
  const frame = render(args);
  document.body.append(frame);
  return frame.querySelector("ticket-list")!;
}

describe("ticket-list stories", () => {
  afterEach(() => {
    document.body.replaceChildren();
    fixtureCleanup();
  });

  it("busy inbox: rows, unread total and views", async () => {
    const element = show(stories.BusyInbox);
    await waitUntil(
      () =>
        part(element, "row") !== null && part(element, "unread-total") !== null,
    );
    expect(text(part(element, "count"))).to.equal("1200 tickets");
    await expect(element).to.be.accessible();
  });

  it("empty", async () => {
    const element = show(stories.Empty);
    await waitUntil(() => part(element, "empty") !== null);
    expect(text(part(element, "empty"))).to.contain("No tickets");
  });

  it("loading", async () => {
    const element = show(stories.Loading);
    await element.updateComplete;
    expect(part(element, "loading")).to.not.equal(null);
    expect(text(part(element, "count"))).to.equal("Loading tickets…");
  });

  it("filters applied and a view open", async () => {
    const filtered = show(stories.FiltersApplied);
    await waitUntil(() => filtered.total !== null);
    expect(text(part(filtered, "clear-filters"))).to.contain("2 active");
    document.body.replaceChildren();
    const viewOpen = show(stories.ViewOpen);
    await waitUntil(
      () => text(part(viewOpen, "view-active")) === "Breached SLAs",
    );
  });

  it("ticket detail, dark and narrow", async () => {
    for (const story of [stories.TicketDetail, stories.Dark, stories.Narrow]) {
      document.body.replaceChildren();
      const element = show(story);
      await waitUntil(() => part(element, "detail") !== null, "the detail", {
        timeout: 5000,
      });
      await expect(element).to.be.accessible();
    }
  });

  it("errors: a failed list and a rolled-back change", async () => {
    const listError = show(stories.ListError);
    await waitUntil(() => part(listError, "error") !== null);
    expect(text(part(listError, "error"))).to.contain(
      "The server could not be reached.",
    );
    document.body.replaceChildren();
    const refused = show(stories.RefusedChange);
    await waitUntil(() => part(refused, "notice") !== null, "the notice", {
      timeout: 5000,
    });
    expect(text(part(refused, "notice"))).to.match(
      /^Status of #7 was not saved/,
    );
  });
});
