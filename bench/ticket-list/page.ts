// The page the <ticket-list> benchmark and screenshots drive. Bundled by run.mjs (production Lit, minified).
import { createClient } from "../../src/api/client.js";
import "../../src/elements/ticket-list/define-ticket-list.js";
import type { TicketList } from "../../src/elements/ticket-list/ticket-list.js";
import { createFakeInboxClient } from "../../test/ticket-list/fake-inbox-client.js";

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
}

declare global {
  interface Window {
    benchInbox(count: number): Promise<Figure[]>;
    benchReference(config: {
      baseUrl: string;
      token: string;
    }): Promise<Figure[]>;
    showReference(config: {
      baseUrl: string;
      token: string;
      theme: "light" | "dark";
      open?: number;
    }): Promise<void>;
  }
}

const nextFrame = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now()))),
  );

/** Resolves at the first frame after `condition` holds: the moment the person sees it. */
async function paintedWhen(condition: () => boolean): Promise<number> {
  for (;;) {
    const at = await new Promise<number>((resolve) =>
      requestAnimationFrame(() => resolve(performance.now())),
    );
    if (condition()) {
      await new Promise((resolve) => setTimeout(resolve));
      return at;
    }
  }
}

function mount(configure: (element: TicketList) => void): TicketList {
  document.body.innerHTML = "";
  document.body.style.cssText = "margin:0;height:100vh";
  const element = document.createElement("ticket-list");
  configure(element);
  element.style.height = "100vh";
  document.body.append(element);
  return element;
}

function domSize(element: TicketList): number {
  const countIn = (root: ParentNode): number =>
    [...root.querySelectorAll("*")].reduce(
      (sum, node) => sum + 1 + (node.shadowRoot ? countIn(node.shadowRoot) : 0),
      0,
    );
  return 1 + countIn(element.shadowRoot!);
}

const rowsShowing = (element: TicketList, text: string) => {
  const row = element.shadowRoot!.querySelector(
    '[part~="row"]:not([part~="row-loading"])',
  );
  return (
    row !== null &&
    (text === "" ||
      (
        element.shadowRoot!.querySelector('[part~="count"]')?.textContent ?? ""
      ).includes(text))
  );
};

window.benchInbox = async (count) => {
  let answeredAt = 0;
  const client = createFakeInboxClient({
    tickets: count,
    latencyMs: 40,
    onListAnswer: (at) => (answeredAt = at),
  });
  const element = mount((el) => (el.client = client));
  const firstPaint = await paintedWhen(() => rowsShowing(element, ""));
  const figures: Figure[] = [
    {
      name: `first page painted after its response (${count} tickets)`,
      value: firstPaint - answeredAt,
      unit: "ms",
      target: 150,
    },
  ];
  await nextFrame();
  figures.push({
    name: "DOM elements (element and shadow trees)",
    value: domSize(element),
    unit: "",
    target: 1000,
  });

  // Filter change: the "Open" status chip; wait for the new query's first answer, then its rows.
  const expected = client.tickets.all.filter(
    (ticket) => ticket.status === "open",
  ).length;
  const chip = [
    ...element.shadowRoot!.querySelectorAll<HTMLButtonElement>(
      '[part~="filter-chip"]',
    ),
  ].find((button) => button.textContent?.trim() === "Open")!;
  answeredAt = 0;
  chip.click();
  const filterPaint = await paintedWhen(
    () => answeredAt > 0 && rowsShowing(element, `${expected} tickets`),
  );
  figures.push({
    name: "filter change: new rows painted after the response",
    value: filterPaint - answeredAt,
    unit: "ms",
    target: 100,
  });

  // Jump deep into the list: rows of a page never loaded before.
  const list =
    element.shadowRoot!.querySelector<HTMLElement>('[part~="list"]')!;
  answeredAt = 0;
  list.scrollTop = list.scrollHeight / 2;
  const scrollPaint = await paintedWhen(
    () =>
      answeredAt > 0 &&
      element.shadowRoot!.querySelectorAll('[part~="row-loading"]').length ===
        0,
  );
  figures.push({
    name: "scroll to an unloaded page: rows painted after the response",
    value: scrollPaint - answeredAt,
    unit: "ms",
    target: 100,
  });
  await nextFrame();
  figures.push({
    name: "DOM elements after the jump",
    value: domSize(element),
    unit: "",
    target: 1000,
  });
  return figures;
};

/** The same first-page figure over real HTTP against the reference server (its seeded inbox). */
window.benchReference = async ({ baseUrl, token }) => {
  performance.clearResourceTimings();
  const client = createClient({
    baseUrl,
    token,
    dialect: "posthog",
    projectId: "1",
  });
  const element = mount((el) => (el.client = client));
  const painted = await paintedWhen(() => rowsShowing(element, ""));
  const listResponse = performance
    .getEntriesByType("resource")
    .find((entry) =>
      entry.name.includes("/conversations/tickets/?"),
    ) as PerformanceResourceTiming;
  return [
    {
      name: "first page painted after its HTTP response (reference server)",
      value: painted - listResponse.responseEnd,
      unit: "ms",
      target: 150,
    },
  ];
};

window.showReference = async ({ baseUrl, token, theme, open }) => {
  const client = createClient({
    baseUrl,
    token,
    dialect: "posthog",
    projectId: "1",
  });
  const element = mount((el) => {
    el.client = client;
    el.theme = theme;
  });
  await paintedWhen(() => rowsShowing(element, ""));
  if (open !== undefined) {
    await element.open(await client.tickets.get(open));
    await paintedWhen(
      () =>
        (element
          .shadowRoot!.querySelector("ticket-thread")
          ?.shadowRoot?.querySelectorAll('[part~="message"]').length ?? 0) > 0,
    );
  }
};
