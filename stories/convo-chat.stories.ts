/**
 * `<convo-chat>` in every state a reviewer should see. Most stories need no server: the client is real,
 * but its `fetch` is a small scripted PostHog server in this file (stored conversations, a queue, a reply
 * that streams for a while). The uploads story talks to the reference server (`npm run serve`, which
 * listens on http://127.0.0.1:8787 with the token `demo-token`), since uploads go through XMLHttpRequest.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { createClient, type ConvoClient } from '../src/api/client.js';
import type { PosthogConversation, PosthogMessage, PosthogPendingApproval } from '../src/api/wire-posthog.js';
import type { ConvoChat } from '../src/elements/convo-chat/convo-chat.js';
import '../src/elements/convo-chat/define-convo-chat.js';
import type { DraftStore } from '../src/store/drafts.js';
import type { ConvoStrings } from '../src/strings/strings.js';

const REFERENCE_SERVER = 'http://127.0.0.1:8787';
const REFERENCE_TOKEN = 'demo-token';
const CONVERSATION_ID = '3f0c6f3e-2f55-4c7e-9f53-1c9d2a6b7e01';

/** Stories keep drafts in memory so one story's typing never shows up in another. */
function memoryDrafts(): DraftStore {
  const drafts = new Map<string, string>();
  return {
    persistent: true,
    load: async (key) => drafts.get(key) ?? '',
    save: async (key, text) => void (text === '' ? drafts.delete(key) : drafts.set(key, text)),
    onPersistenceChange: () => () => undefined,
  };
}

const REPLY = `## Where sign-ups drop off

Most of the drop-off happens on the **pricing page**: people spend a median of *48 seconds* there.

| Step | Visitors | Conversion |
| --- | ---: | ---: |
| Landing | 12,480 | 100 % |
| Pricing | 6,210 | 49.8 % |
| Sign-up | 1,902 | 15.2 % |

> Sessions that touch the search bar are twice as likely to convert.

\`\`\`sql
SELECT toStartOfWeek(timestamp) AS week, count(DISTINCT person_id) AS visitors
FROM events
WHERE event = '$pageview' AND timestamp >= now() - INTERVAL 8 WEEK
GROUP BY week ORDER BY week
\`\`\`

Next: compare the cohort against the same week last year, and see the [funnels guide](https://posthog.com/docs/product-analytics/funnels).`;

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

interface Scenario {
  title: string | null;
  status?: PosthogConversation['status'];
  messages: PosthogMessage[];
  approvals?: PosthogPendingApproval[];
  queue?: string[];
  /** Text the stream writes, as PostHog partials, for a new message or a re-attach. */
  streamText?: string;
  /** Milliseconds between partials (default 60). */
  streamIntervalMs?: number;
  /** The send fails with this status before the stream starts. */
  sendStatus?: number;
  list?: { id: string; title: string; minutesAgo: number }[];
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A reply written a few characters at a time, each frame carrying the whole text so far (PostHog's way). */
function streamingBody(scenario: Scenario, human: PosthogMessage | null): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const text = scenario.streamText ?? REPLY;
  let shown = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  return new ReadableStream({
    start(controller) {
      if (human) controller.enqueue(encoder.encode(sse('message', human)));
      timer = setInterval(() => {
        shown = Math.min(text.length, shown + 6);
        controller.enqueue(encoder.encode(sse('message', { type: 'ai', id: 'temp-0', content: text.slice(0, shown) })));
        if (shown === text.length) {
          clearInterval(timer);
          controller.enqueue(encoder.encode(sse('message', { type: 'ai', id: crypto.randomUUID(), content: text })));
          controller.close();
        }
      }, scenario.streamIntervalMs ?? 60);
    },
    cancel() {
      clearInterval(timer);
    },
  });
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A scripted PostHog server answering through the client's `fetch` option. */
function scriptedFetch(scenario: Scenario): typeof fetch {
  const queue = (scenario.queue ?? []).map((content, index) => ({ id: `queued-${index}`, content, created_at: at(0) }));
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const path = url.pathname.replace(/^\/api\/environments\/1\//, '');
    if (path === 'conversations/' && method === 'GET') {
      const results = (scenario.list ?? []).map((item) => ({ id: item.id, title: item.title, status: 'idle', created_at: at(item.minutesAgo), updated_at: at(item.minutesAgo) }));
      return json({ count: results.length, next: null, previous: null, results });
    }
    if (path === 'conversations/' && method === 'POST') {
      if (scenario.sendStatus) return json({ type: 'server_error', code: 'error', detail: 'The assistant is unavailable right now.', attr: null }, scenario.sendStatus);
      const body = JSON.parse(String(init?.body)) as { content: string | null; trace_id: string };
      const human = body.content === null ? null : ({ type: 'human', id: crypto.randomUUID(), content: body.content, trace_id: body.trace_id } as PosthogMessage);
      return new Response(streamingBody(scenario, human), { headers: { 'content-type': 'text/event-stream' } });
    }
    if (path.endsWith('/queue/')) return json({ messages: queue, max_queue_messages: 2 });
    if (path.endsWith('/cancel/')) return new Response(null, { status: 204 });
    if (path.startsWith('conversations/') && method === 'GET') {
      const conversation: PosthogConversation = {
        id: CONVERSATION_ID,
        status: scenario.status ?? 'idle',
        title: scenario.title,
        created_at: at(30),
        updated_at: at(1),
        messages: scenario.messages,
        pending_approvals: scenario.approvals ?? [],
      };
      return json(conversation);
    }
    return json({ type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null }, 404);
  };
}

function scriptedClient(scenario: Scenario): ConvoClient {
  return createClient({ baseUrl: 'https://posthog.example', token: 'story', dialect: 'posthog', environmentId: 1, retry: false, fetch: scriptedFetch(scenario) });
}

interface ChatArgs {
  theme: 'light' | 'dark' | undefined;
  density: 'comfortable' | 'compact' | undefined;
  dir: 'ltr' | 'rtl';
}

function chat(client: ConvoClient | undefined, args: ChatArgs, options: { conversationId?: string; strings?: Partial<ConvoStrings>; showConversations?: boolean } = {}): TemplateResult {
  return html`<div dir=${args.dir} style="max-width: 760px">
    <convo-chat
      .client=${client}
      .draftStore=${memoryDrafts()}
      .strings=${options.strings}
      conversation-id=${options.conversationId ?? ''}
      theme=${args.theme ?? ''}
      density=${args.density ?? 'comfortable'}
      ?show-conversations=${options.showConversations ?? false}
    ></convo-chat>
  </div>`;
}

const human = (content: string, minutesAgo: number): PosthogMessage => ({ type: 'human', id: crypto.randomUUID(), content, created_at: at(minutesAgo) });
const ai = (content: string, extra: Record<string, unknown> = {}): PosthogMessage => ({ type: 'ai', id: crypto.randomUUID(), content, ...extra }) as PosthogMessage;

const toolScenario: Scenario = {
  title: 'Sign-up funnel last week',
  messages: [
    human('Which step of the sign-up funnel loses the most people? Use a tool.', 6),
    { type: 'ai/reasoning', id: crypto.randomUUID(), content: 'The person wants the weakest funnel step. Query the funnel for the last 7 days, then compare step conversion.' },
    ai('Let me query the funnel for the last seven days.', {
      tool_calls: [{ id: 'call-1', name: 'run_hogql_query', args: { query: "SELECT step, count() FROM funnel WHERE day >= today() - 7 GROUP BY step" } }],
    }),
    { type: 'tool', id: crypto.randomUUID(), tool_call_id: 'call-1', content: '3 rows: landing 12,480 · pricing 6,210 · sign-up 1,902' },
    ai(REPLY, { meta: { form: { options: [{ value: 'Break it down by browser' }, { value: 'Compare with last month' }, { value: 'Open the funnels guide', href: 'https://posthog.com/docs/product-analytics/funnels' }] } } }),
  ],
};

const meta: Meta<ChatArgs> = {
  title: 'Elements/convo-chat',
  args: { theme: undefined, density: 'comfortable', dir: 'ltr' },
  argTypes: {
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
    density: { control: 'inline-radio', options: ['comfortable', 'compact'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
  },
  parameters: { layout: 'padded' },
};
export default meta;

type Story = StoryObj<ChatArgs>;

/** A new conversation: the welcome and the composer. */
export const Empty: Story = {
  render: (args) => chat(scriptedClient({ title: null, messages: [] }), args),
};

/** A reply streaming in: markdown rendered as it arrives, with Stop offered. */
export const Streaming: Story = {
  render: (args) => chat(scriptedClient({ title: 'Sign-up funnel', messages: [], streamIntervalMs: 90 }), args),
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector<ConvoChat>('convo-chat')!;
    await element.updateComplete;
    void element.send('Where do people drop off in the sign-up funnel?');
  },
};

/** Reasoning (collapsed), a tool call with its result, the reply, and suggested replies. */
export const ToolCall: Story = {
  render: (args) => chat(scriptedClient(toolScenario), args, { conversationId: CONVERSATION_ID }),
};

/** A tool call that waits for the person's approval. */
export const Approval: Story = {
  render: (args) =>
    chat(
      scriptedClient({
        title: 'Rename the onboarding dashboard',
        messages: [
          human('Rename the onboarding dashboard to "Activation". It needs approval.', 3),
          ai('I can do that. It changes what your users see, so I need your approval first:\n\n> Rename dashboard **Onboarding** to **Activation**'),
        ],
        approvals: [
          {
            proposal_id: 'proposal-1',
            decision_status: 'pending',
            tool_name: 'update_dashboard',
            preview: 'Rename dashboard “Onboarding” to “Activation”',
            payload: { dashboard_id: 42, name: 'Activation' },
            original_tool_call_id: 'call-7',
            message_id: 'message-7',
          },
        ],
      }),
      args,
      { conversationId: CONVERSATION_ID },
    ),
};

/** A message the server refused (with the reason and Retry), and a reply that failed mid-way. */
export const ErrorState: Story = {
  name: 'Error',
  render: (args) =>
    chat(
      scriptedClient({
        title: 'Retention by cohort',
        messages: [
          human('Show retention by signup cohort', 8),
          ai('Retention by weekly cohort, first eight weeks:'),
          { type: 'ai/failure', id: crypto.randomUUID(), content: 'The model provider returned an error while generating this reply.' },
        ],
        sendStatus: 503,
      }),
      args,
      { conversationId: CONVERSATION_ID },
    ),
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector<ConvoChat>('convo-chat')!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    void element.send('Try again with monthly cohorts');
  },
};

/** Follow-ups typed while the agent works: two in the server queue, one more waiting here. */
export const Queue: Story = {
  render: (args) =>
    chat(
      scriptedClient({
        title: 'Weekly active users',
        status: 'in_progress',
        messages: [human('How did weekly active users move this quarter?', 2)],
        queue: ['And compared with last quarter?', 'Break it down by country'],
        streamIntervalMs: 400,
      }),
      args,
      { conversationId: CONVERSATION_ID },
    ),
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector<ConvoChat>('convo-chat')!;
    await new Promise((resolve) => setTimeout(resolve, 400));
    void element.send('Then summarise it for the team');
  },
};

/** The conversation list beside the transcript. */
export const Conversations: Story = {
  render: (args) =>
    chat(
      scriptedClient({
        ...toolScenario,
        list: [
          { id: CONVERSATION_ID, title: 'Sign-up funnel last week', minutesAgo: 1 },
          { id: crypto.randomUUID(), title: 'Rename the onboarding dashboard', minutesAgo: 40 },
          { id: crypto.randomUUID(), title: 'Retention by cohort', minutesAgo: 180 },
          { id: crypto.randomUUID(), title: 'Why did pageviews spike on Tuesday?', minutesAgo: 60 * 26 },
        ],
      }),
      args,
      { conversationId: CONVERSATION_ID, showConversations: true },
    ),
};

/** Attaching files (agents dialect, needs the reference server on port 8787): progress, refusals. */
export const Uploads: Story = {
  render: (args) => html`<div dir=${args.dir} style="max-width: 760px">
    <convo-chat
      base-url=${`${REFERENCE_SERVER}/tenants/demo/api/v2`}
      token=${REFERENCE_TOKEN}
      dialect="agents"
      agent-id="demo-agent"
      accept=".csv,.txt,.json"
      max-file-size="67108864"
      .draftStore=${memoryDrafts()}
      theme=${args.theme ?? ''}
    ></convo-chat>
  </div>`,
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector<ConvoChat>('convo-chat')!;
    await element.updateComplete;
    const rows = ['day,visits', ...Array.from({ length: 40_000 }, (_, index) => `2026-01-${String((index % 28) + 1).padStart(2, '0')},${index}`)].join('\n');
    const transfer = new DataTransfer();
    transfer.items.add(new File([rows], 'visits.csv', { type: 'text/csv' }));
    // Large enough that its progress is still showing when the story is looked at.
    transfer.items.add(new File([new Uint8Array(19 * 1024 * 1024)], 'events-export.csv', { type: 'text/csv' }));
    transfer.items.add(new File([new Uint8Array(80 * 1024 * 1024)], 'warehouse-dump.csv', { type: 'text/csv' }));
    transfer.items.add(new File([new Uint8Array(1024)], 'session-recording.bin', { type: 'application/octet-stream' }));
    const main = element.shadowRoot!.querySelector('[part~="main"]')!;
    main.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, composed: true, dataTransfer: transfer }));
    main.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, composed: true, dataTransfer: transfer }));
  },
};

/** The tool call state in the dark theme. */
export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => html`<div style="background: #0b0d10; padding: 16px">${chat(scriptedClient(toolScenario), args, { conversationId: CONVERSATION_ID })}</div>`,
};

const arabic: Partial<ConvoStrings> = {
  composerPlaceholder: 'اكتب رسالة…',
  composerLabel: 'رسالة',
  send: 'إرسال',
  stop: 'إيقاف',
  reasoning: 'التفكير',
  toolFinished: 'تم تشغيل {name}',
  toolArguments: 'المعطيات',
  toolResult: 'النتيجة',
  quickReplies: 'ردود مقترحة',
  you: 'أنت',
  agent: 'المساعد',
  showConversations: 'عرض المحادثات',
  hideConversations: 'إخفاء المحادثات',
  copyCode: 'نسخ',
};

/** Right to left, with an Arabic strings table supplied by the host. */
export const RightToLeft: Story = {
  args: { dir: 'rtl' },
  render: (args) =>
    chat(
      scriptedClient({
        title: 'مسار التسجيل',
        messages: [
          human('أين يتوقف معظم الزوار في مسار التسجيل؟', 5),
          ai('يحدث معظم التسرب في **صفحة الأسعار**: يقضي الزوار هناك *48 ثانية* في المتوسط.\n\n- الصفحة الرئيسية: 12,480\n- الأسعار: 6,210\n- التسجيل: 1,902', {
            meta: { form: { options: [{ value: 'قارن بالشهر الماضي' }, { value: 'حسب المتصفح' }] } },
          }),
        ],
      }),
      args,
      { conversationId: CONVERSATION_ID, strings: arabic },
    ),
};
