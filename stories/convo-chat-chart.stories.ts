/**
 * `<convo-chat>` showing the agents server's `vega_chart` content: a drawn chart, the same in dark, one still
 * streaming, and one whose specification cannot be drawn. The client is real; its `fetch` answers from a
 * stored agents conversation in this file, so no server is needed. The chart library loads when the first
 * chart is drawn.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { createClient } from '../src/api/client.js';
import type { AgentsContent, AgentsMessage } from '../src/api/wire-agents.js';
import '../src/elements/convo-chat/define-convo-chat.js';
import type { DraftStore } from '../src/store/drafts.js';

const CONVERSATION_ID = '0b6a3f53-8f0e-4d55-9a43-6f4d1c2b9e10';

const drafts: DraftStore = {
  persistent: true,
  load: async () => '',
  save: async () => undefined,
  onPersistenceChange: () => () => undefined,
};

const WEEKLY_USERS = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  title: 'Weekly active users',
  description: 'Bar chart of weekly active users over six weeks, rising from 4,210 to 7,940.',
  data: {
    values: [
      { week: 'W1', users: 4210 },
      { week: 'W2', users: 5030 },
      { week: 'W3', users: 4880 },
      { week: 'W4', users: 6120 },
      { week: 'W5', users: 7350 },
      { week: 'W6', users: 7940 },
    ],
  },
  mark: 'bar',
  encoding: { x: { field: 'week', type: 'ordinal', title: 'Week' }, y: { field: 'users', type: 'quantitative', title: 'Active users' } },
};

const BY_COUNTRY = {
  title: 'Sign-ups by country and plan',
  data: {
    values: ['US', 'DE', 'BR', 'JP'].flatMap((country, index) => [
      { country, plan: 'Free', signups: 900 - index * 150 },
      { country, plan: 'Team', signups: 420 - index * 60 },
      { country, plan: 'Enterprise', signups: 120 - index * 20 },
    ]),
  },
  mark: 'bar',
  encoding: {
    x: { field: 'country', type: 'nominal', title: null },
    y: { field: 'signups', type: 'quantitative', title: 'Sign-ups' },
    color: { field: 'plan', type: 'nominal', title: 'Plan' },
  },
};

function chartItem(spec: unknown, complete = true): AgentsContent {
  return { content_id: crypto.randomUUID(), kind: 'vega_chart', complete, sub_type: 'vega-lite', chart_spec_raw: typeof spec === 'string' ? spec : JSON.stringify(spec) };
}

function message(role: 'user' | 'agent', content: AgentsContent[], complete = true): AgentsMessage {
  return { message_id: crypto.randomUUID(), role, complete, content };
}

const text = (value: string): AgentsContent => ({ content_id: crypto.randomUUID(), kind: 'text', complete: true, text: value });

/** A `fetch` that serves one stored agents conversation: its entry in the list and its messages. */
function storedConversation(messages: AgentsMessage[]): typeof fetch {
  return async (input) => {
    const { pathname } = new URL(input instanceof Request ? input.url : String(input));
    const json = (body: unknown): Response => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    if (pathname.endsWith('/conversations')) return json({ data: [{ id: CONVERSATION_ID, name: 'Weekly users', agent_id: 'demo-agent' }], next: null, has_more: false });
    if (pathname.endsWith(`/conversations/${CONVERSATION_ID}/messages`)) return json({ data: messages, next: null, has_more: false });
    return new Response(JSON.stringify({ error: { error_id: 'story', code: 'not_found', message: 'Not in this story' } }), { status: 404 });
  };
}

function chat(messages: AgentsMessage[], theme: 'light' | 'dark' | undefined): TemplateResult {
  const client = createClient({ baseUrl: 'https://agents.example/tenants/demo/api/v2', token: 'story', dialect: 'agents', agentId: 'demo-agent', retry: false, fetch: storedConversation(messages) });
  return html`<div style="max-width: 760px; ${theme === 'dark' ? 'background: #0b0d10; padding: 16px' : ''}">
    <convo-chat .client=${client} .draftStore=${drafts} conversation-id=${CONVERSATION_ID} theme=${theme ?? ''} style="--convo-chat-height: 44rem"></convo-chat>
  </div>`;
}

const drawn = [
  message('user', [text('Chart weekly active users for the last six weeks, then sign-ups by country.')]),
  message('agent', [text('Weekly active users rose every week but one:'), chartItem(WEEKLY_USERS), text('And sign-ups by country, split by plan:'), chartItem(BY_COUNTRY)]),
];

interface ChartArgs {
  theme: 'light' | 'dark' | undefined;
}

const meta: Meta<ChartArgs> = {
  title: 'Elements/convo-chat/chart',
  args: { theme: undefined },
  argTypes: { theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] } },
  parameters: { layout: 'padded' },
};
export default meta;

type Story = StoryObj<ChartArgs>;

/** Vega-Lite charts from the agent, drawn as SVG in the element's colours and sized to the column. */
export const Chart: Story = {
  render: (args) => chat(drawn, args.theme),
};

/** The same charts in the dark theme. */
export const ChartDark: Story = {
  args: { theme: 'dark' },
  render: (args) => chat(drawn, args.theme),
};

/** A chart whose specification is still streaming: a placeholder of about a chart's height. */
export const ChartStreaming: Story = {
  render: (args) => chat([drawn[0]!, message('agent', [text('Here is the chart:'), chartItem('{"mark": "bar", "data": {"values": [', false)], false)], args.theme),
};

/** Specifications that cannot be drawn: cut-off JSON, and an encoding Vega-Lite rejects. The spec shows on demand. */
export const ChartInvalid: Story = {
  render: (args) =>
    chat(
      [
        drawn[0]!,
        message('agent', [
          text('I tried to chart it:'),
          chartItem('{"mark": "bar", "data": {"values": [{"week": "W1"'),
          chartItem({ mark: 'bar', encoding: { x: { field: 'week', type: 'sideways' } }, data: { values: [{ week: 'W1' }] } }),
        ]),
      ],
      args.theme,
    ),
};
