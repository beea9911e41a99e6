import type { Meta, StoryObj } from "@storybook/web-components-vite";
import "../src/elements/ticket-list/define-ticket-list.js";
import type { TicketList } from "../src/elements/ticket-list/ticket-list.js";
import {
  createFakeInboxClient,
  type FakeInboxOptions,
} from "../test/ticket-list/fake-inbox-client.js";

/**
 * Every state of the support inbox a reviewer should see, over an in-memory inbox (no server needed). The
 * element tests run the same element against the reference server.
 */
interface InboxArgs {
  tickets: number;
  theme: "light" | "dark" | undefined;
  filters: string;
  latencyMs: number;
}

const SEEDED_VIEWS: FakeInboxOptions["views"] = [
  { name: "Breached SLAs", filters: { sla: "breached", order: "sla_due_at" } },
  {
    name: "High priority, open",
    filters: { status: ["open", "new"], priority: ["high"] },
  },
  { name: "Slack", filters: { channel: "slack" } },
];

function inbox(
  args: InboxArgs,
  options: Partial<FakeInboxOptions> = {},
  then?: (element: TicketList) => Promise<void>,
): HTMLElement {
  const frame = document.createElement("div");
  frame.style.cssText = "height: 720px; display: flex";
  const element = document.createElement("ticket-list");
  element.style.flex = "1";
  element.client = createFakeInboxClient({
    tickets: args.tickets,
    latencyMs: args.latencyMs,
    views: SEEDED_VIEWS,
    ...options,
  });
  if (args.theme) element.theme = args.theme;
  element.filters = args.filters;
  frame.append(element);
  if (then) void element.updateComplete.then(() => then(element));
  return frame;
}

/** Opens ticket `number` once the first page is there, as a click on its row would. */
async function openTicket(element: TicketList, number: number): Promise<void> {
  while (element.total === null)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const client = element.activeClient!;
  await element.open(await client.tickets.get(number));
}

const meta: Meta<InboxArgs> = {
  title: "Elements/ticket-list",
  component: "ticket-list",
  parameters: { layout: "fullscreen" },
  args: { tickets: 1200, theme: undefined, filters: "", latencyMs: 120 },
  argTypes: {
    theme: { control: "inline-radio", options: [undefined, "light", "dark"] },
    tickets: { control: { type: "number", min: 0, max: 20000 } },
  },
  render: (args) => inbox(args),
};
export default meta;

type Story = StoryObj<InboxArgs>;

export const BusyInbox: Story = {};

export const Empty: Story = { args: { tickets: 0 } };

export const Loading: Story = {
  render: (args) => inbox(args, { mode: "loading" }),
};

export const FiltersApplied: Story = {
  args: { filters: "status=new,open&priority=high&order=sla_due_at" },
};

export const ViewOpen: Story = {
  render: (args) =>
    inbox(args, {}, async (element) => {
      element.view = "view00000000";
    }),
};

export const TicketDetail: Story = {
  render: (args) => inbox(args, {}, (element) => openTicket(element, 7)),
};

export const ListError: Story = {
  render: (args) => inbox(args, { mode: "list-error" }),
};

export const RefusedChange: Story = {
  name: "Error: a change rolled back",
  render: (args) =>
    inbox(args, { mode: "update-error" }, async (element) => {
      await openTicket(element, 7);
      const client = element.activeClient!;
      await element.updateTicket(await client.tickets.get(7), {
        status: "resolved",
      });
    }),
};

export const Dark: Story = {
  args: { theme: "dark" },
  render: (args) => inbox(args, {}, (element) => openTicket(element, 4)),
};

export const Narrow: Story = {
  parameters: { viewport: { defaultViewport: "mobile1" } },
  render: (args) => {
    const frame = inbox(args, {}, (element) => openTicket(element, 7));
    frame.style.width = "390px";
    return frame;
  },
};
