// The scripted agent: turns a person's message into a reply plan, deterministically from the server seed, the
// conversation and the turn. The plan is dialect-neutral (thoughts, text, tool calls, approvals, quick replies,
// charts, failures); posthog-conversations.mjs and agents-conversations.mjs each encode it in their own wire
// format, so both dialects stream the same replies. Keywords in the message pick the shape (README.md).

import { seededRandom } from './seeded-random.mjs';

/**
 * @typedef {{type: 'thought', text: string}} ThoughtStep
 * @typedef {{type: 'text', text: string, citations: Citation[]}} TextStep
 * @typedef {{type: 'tool', toolCallId: string, name: string, args: Record<string, unknown>, progress: string[], result: string, payload: unknown}} ToolStep
 * @typedef {{type: 'approval', toolCallId: string, proposalId: string, toolName: string, args: Record<string, unknown>, preview: string}} ApprovalStep
 * @typedef {{type: 'quick', options: {label: string, value: string, href?: string}[]}} QuickStep
 * @typedef {{type: 'chart', spec: Record<string, unknown>}} ChartStep
 * @typedef {{type: 'attachment', name: string, mimeType: string, text: string}} AttachmentStep
 * @typedef {{type: 'failure', message: string}} FailureStep
 * @typedef {ThoughtStep | TextStep | ToolStep | ApprovalStep | QuickStep | ChartStep | AttachmentStep | FailureStep} Step
 * @typedef {{document_uri: string, start_char_index: number, end_char_index: number}} Citation
 * @typedef {{steps: Step[], cancelFails: boolean}} ReplyPlan
 */

/** Keywords a person's message may contain, each changing the reply (documented in README.md). */
export const TRIGGERS = /** @type {const} */ (['tool', 'approval', 'fail', 'long', 'quick', 'think', 'chart', 'export', 'stuck', 'tour']);

const LONG_REPLY_MIN_CHARS = 20_000;

/**
 * @param {string} prompt the person's message
 * @param {{seed: number, conversationId: string, turn: number}} context
 * @returns {ReplyPlan}
 */
export function planReply(prompt, { seed, conversationId, turn }) {
  const random = seededRandom(`${seed}|${conversationId}|${turn}|${prompt}`);
  const triggers = new Set(TRIGGERS.filter((word) => new RegExp(`\\b${word}`, 'i').test(prompt)));
  const subject = subjectOf(prompt);
  /** @type {Step[]} */
  const steps = [];
  const id = () => uuidFrom(random);

  if (triggers.has('think')) steps.push({ type: 'thought', text: thoughtAbout(subject, random) });
  if (triggers.has('tool')) {
    steps.push({ type: 'text', text: `Let me look that up for **${subject}** first.`, citations: [] });
    steps.push(toolCall(subject, random, id()));
  }
  if (triggers.has('fail')) {
    steps.push({ type: 'text', text: `${pick(random, OPENERS)} ${quoted(subject)}. ${paragraph(random)}\n\n`, citations: [] });
    steps.push({ type: 'failure', message: 'The model provider returned an error while generating this reply.' });
    return { steps, cancelFails: triggers.has('stuck') };
  }
  if (triggers.has('approval')) {
    const proposal = approvalFor(subject, random, id(), id());
    steps.push({ type: 'text', text: `I can do that. It changes what your users see, so I need your approval first:\n\n> ${proposal.preview}`, citations: [] });
    steps.push(proposal);
    return { steps, cancelFails: triggers.has('stuck') };
  }
  let body = triggers.has('tour') ? markdownTour(prompt) : triggers.has('long') ? longReply(subject, random) : mediumReply(subject, random, triggers.has('tool'));
  const exported = triggers.has('export') ? weeklyCsv(random) : null;
  if (exported) body += `\n\nHere is the export as CSV (\`weekly-users.csv\`):\n\n\`\`\`csv\n${exported}\`\`\``;
  steps.push({ type: 'text', text: body, citations: citationsFor(body) });
  if (triggers.has('chart')) steps.push({ type: 'chart', spec: chartSpec(subject, random) });
  if (exported) steps.push({ type: 'attachment', name: 'weekly-users.csv', mimeType: 'text/csv', text: exported });
  if (triggers.has('quick')) steps.push({ type: 'quick', options: triggers.has('tour') ? TOUR_QUICK_OPTIONS : quickOptions(subject) });
  return { steps, cancelFails: triggers.has('stuck') };
}

/**
 * What the agent writes after the person approves or rejects a proposal.
 * @param {ApprovalStep} proposal
 * @param {'approve' | 'reject'} action
 * @returns {{result: string, text: string}}
 */
export function approvalOutcome(proposal, action) {
  return action === 'approve'
    ? {
        result: `Done: ${proposal.preview}`,
        text: `✅ **Approved.** I ran \`${proposal.toolName}\`: ${proposal.preview.charAt(0).toLowerCase()}${proposal.preview.slice(1)}.\n\nAnything else you want me to change?`,
      }
    : {
        result: 'The person rejected this action; nothing was changed.',
        text: `Understood — I did **not** run \`${proposal.toolName}\`. Nothing was changed.`,
      };
}

/**
 * A conversation title from its first message: one line, at most 60 characters.
 * @param {string} message
 */
export function titleFrom(message) {
  const line = message.replace(/\s+/g, ' ').trim();
  if (line === '') return 'New conversation';
  const title = line.length > 60 ? `${line.slice(0, 59).trimEnd()}…` : line;
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/**
 * Splits text into the pieces a model would stream: one to three words with their trailing whitespace. The
 * pieces concatenate back to the text exactly.
 * @param {string} text
 * @returns {string[]}
 */
export function streamPieces(text) {
  const words = text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
  /** @type {string[]} */
  const pieces = [];
  for (let i = 0; i < words.length; i += 2) pieces.push(words.slice(i, i + 2).join(''));
  return pieces;
}

/**
 * Waits between two streamed pieces: `rate` pieces a second; 0 yields to the event loop only.
 * @param {number} rate
 * @param {AbortSignal} signal
 */
export function pace(rate, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    const done = () => {
      signal.removeEventListener('abort', done);
      stop();
      resolve(undefined);
    };
    let stop = () => {};
    if (rate > 0) {
      const timer = setTimeout(done, 1000 / rate);
      stop = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(done);
      stop = () => clearImmediate(immediate);
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A reply being generated: the streams attached to it and the means to stop it. It belongs to the server, not
 * to a request: a stream that goes away only detaches, and the run carries on and persists what it writes.
 */
export class ScriptedRun {
  constructor() {
    /** @type {Set<import('./http.mjs').SseWriter>} */
    this.streams = new Set();
    this.abort = new AbortController();
  }

  /** @param {string} name @param {unknown} data */
  emit(name, data) {
    for (const stream of this.streams) stream.event(name, data);
  }

  /**
   * @param {import('./http.mjs').SseWriter} stream
   * @returns {Promise<void>} settles when the stream's client leaves or the run ends it
   */
  attach(stream) {
    this.streams.add(stream);
    return new Promise((resolve) => {
      stream.onClose(() => {
        this.streams.delete(stream);
        resolve(undefined);
      });
    });
  }

  /** Ends every attached stream: the run is over. */
  endStreams() {
    for (const stream of this.streams) stream.end();
  }
}

// --- deterministic randomness -------------------------------------------------------------------------------


/**
 * A uuid that is the same for the same key: ids of seeded rows follow from the seed.
 * @param {string} key
 */
export function stableUuid(key) {
  return uuidFrom(seededRandom(key));
}

/** A version-4-shaped uuid drawn from the seeded sequence, so replies are reproducible. */
function uuidFrom(/** @type {() => number} */ random) {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * @template T
 * @param {() => number} random
 * @param {readonly T[]} items
 * @returns {T}
 */
function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

/** @param {() => number} random @param {number} min @param {number} max */
function between(random, min, max) {
  return min + Math.floor(random() * (max - min + 1));
}

// --- reply content --------------------------------------------------------------------------------------------

/** The topic a reply talks about: the message without trigger words, shortened. */
function subjectOf(/** @type {string} */ prompt) {
  const cleaned = prompt
    .replace(new RegExp(`\\b(${TRIGGERS.join('|')})\\w*\\b`, 'gi'), '')
    .replace(/[`*_#>[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(FILLER_AT_EDGES, '');
  if (cleaned.length < 3) return 'your question';
  return cleaned.length > 48 ? `${cleaned.slice(0, 47).trimEnd()}…` : cleaned;
}

/** Words that say nothing about the topic once the trigger words are gone ("tool and quick please"). */
const FILLER = '(?:and|or|then|please|me|a|an|the|to|with|use|using|give|show|now|some|for|about|do)';
const FILLER_AT_EDGES = new RegExp(`^(?:${FILLER}\\b[\\s,.!?]*)+|(?:[\\s,.!?]*\\b${FILLER})+[\\s,.!?]*$`, 'gi');

const OPENERS = ['Here is what I found about', 'Good question — a short tour of', 'Let’s break down', 'A quick summary of'];

/** @param {string} subject */
const quoted = (subject) => (subject === 'your question' ? subject : `“${subject}”`);
const SENTENCES = [
  'Weekly active users grew by 12% after the onboarding change, with most of the lift on mobile.',
  'The funnel from sign-up to first insight converts at 41%, up from 36% last month.',
  'Retention on day 30 is flat, which suggests the new users behave like the old ones once they stay.',
  'Most of the drop-off happens on the pricing page, where people spend a median of 48 seconds.',
  'Events from the EU region arrive about 300 ms later than the rest, well inside the ingestion budget.',
  'Feature flag `new-checkout` is at 50% rollout and has no measurable effect on errors so far.',
  'Sessions that touch the search bar are twice as likely to convert — worth a closer look.',
  'The café-team dashboard (naïve cohort, “Zürich” region) shows the same pattern, so it is not a local quirk.',
  'Customers in 東京 and São Paulo have the longest sessions: 14 and 12 minutes at the median.',
  'Nothing here is statistically significant yet; give the experiment another week of traffic. 📈',
];
const BULLETS = [
  'Check that `$pageview` fires once per navigation',
  'Compare the cohort against the same week last year',
  'Add a breakdown by `$browser` to rule out a Safari issue',
  'Set an alert when the conversion rate drops below **35%**',
  'Move the survey after the first successful query',
  'Tag the release in annotations so the jump is explained',
  'Ask the data team whether the backfill finished ✅',
  'Export the raw events for the outliers (≈ 2 % of users)',
];
const QUOTES = [
  'Measure what matters, and be suspicious of anything that moves too fast.',
  'The best dashboards answer one question well.',
  'If an experiment wins by a mile, first check the instrumentation.',
];
const LINKS = [
  ['the trends documentation', 'https://posthog.com/docs/product-analytics/trends'],
  ['the experiments guide', 'https://posthog.com/docs/experiments'],
  ['feature flag best practices', 'https://posthog.com/docs/feature-flags/best-practices'],
  ['the HogQL reference', 'https://posthog.com/docs/hogql'],
];

/** Small code samples in several languages, each a complete, plausible snippet. */
const CODE_SAMPLES = [
  [
    'ts',
    `import { PostHog } from 'posthog-node';

const client = new PostHog(process.env.POSTHOG_KEY!, { host: 'https://eu.posthog.com' });

export async function trackSignup(userId: string, plan: 'free' | 'team'): Promise<void> {
  client.capture({ distinctId: userId, event: 'user signed up', properties: { plan } });
  await client.shutdown();
}`,
  ],
  [
    'python',
    `from datetime import date, timedelta

def weekly_buckets(start: date, weeks: int) -> list[tuple[date, date]]:
    """Return [start, end) pairs, one per week."""
    return [(start + timedelta(weeks=i), start + timedelta(weeks=i + 1)) for i in range(weeks)]

print(weekly_buckets(date(2024, 1, 1), 3))`,
  ],
  [
    'sql',
    `SELECT toStartOfWeek(timestamp) AS week,
       count(DISTINCT person_id) AS active_users
FROM events
WHERE event = '$pageview'
  AND timestamp >= now() - INTERVAL 8 WEEK
GROUP BY week
ORDER BY week`,
  ],
  [
    'bash',
    `# Replay the last hour of events into the staging project
curl -s -H "Authorization: Bearer $POSTHOG_KEY" \\
  "https://eu.posthog.com/api/projects/1/events/?after=$(date -u -d '1 hour ago' +%FT%TZ)" \\
  | jq '.results | length'`,
  ],
  [
    'json',
    `{
  "key": "new-checkout",
  "filters": { "groups": [{ "properties": [], "rollout_percentage": 50 }] },
  "active": true
}`,
  ],
  [
    'rust',
    `fn conversion_rate(converted: u64, total: u64) -> Option<f64> {
    if total == 0 {
        return None;
    }
    Some(converted as f64 / total as f64)
}`,
  ],
  [
    'go',
    `func median(values []float64) float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	mid := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[mid-1] + sorted[mid]) / 2
	}
	return sorted[mid]
}`,
  ],
];

/** @param {() => number} random */
function paragraph(random, sentences = between(random, 2, 3)) {
  const start = between(random, 0, SENTENCES.length - 1);
  return Array.from({ length: sentences }, (_, i) => SENTENCES[(start + i * 3) % SENTENCES.length]).join(' ');
}

/** @param {() => number} random */
function bulletList(random, ordered = random() < 0.4) {
  const count = between(random, 3, 5);
  const start = between(random, 0, BULLETS.length - 1);
  return Array.from({ length: count }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${BULLETS[(start + i) % BULLETS.length]}`).join('\n');
}

/** 12345 → "12,345" (toLocaleString would load ICU data on every server start). @param {number} value */
function thousands(value) {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** @param {() => number} random */
function codeBlock(random) {
  const [language, code] = pick(random, CODE_SAMPLES);
  return `\`\`\`${language}\n${code}\n\`\`\``;
}

/** A GFM table of weekly numbers, with alignment markers. @param {() => number} random */
function table(random) {
  const rows = Array.from({ length: between(random, 3, 6) }, (_, i) => {
    const users = between(random, 1200, 9800);
    const rate = (between(random, 250, 520) / 10).toFixed(1);
    return `| Week ${i + 1} | ${thousands(users)} | ${rate} % | ${random() < 0.5 ? '↑' : '↓'} |`;
  });
  return ['| Week | Active users | Conversion | Trend |', '| :--- | ---: | ---: | :---: |', ...rows].join('\n');
}

/** @param {() => number} random */
function link(random) {
  const [label, href] = pick(random, LINKS);
  return `See [${label}](${href}) for the details.`;
}

/** @param {string} subject @param {() => number} random @param {boolean} afterTool */
function mediumReply(subject, random, afterTool) {
  const blocks = [
    `## ${afterTool ? 'What the data says about' : pick(random, OPENERS)} ${quoted(subject)}`,
    paragraph(random),
    bulletList(random),
    `> ${pick(random, QUOTES)}`,
    `### Numbers\n\n${table(random)}`,
    `Here is a snippet you can start from:\n\n${codeBlock(random)}`,
    `*In short:* ${pick(random, SENTENCES)} ${link(random)}`,
  ];
  return blocks.join('\n\n');
}

/**
 * Every kind of markdown an agent writes, and what untrusted output may try: a `javascript:` link, raw HTML
 * with script in it, and a remote image. The image is the first web address in the person's message when there
 * is one: agents repeat addresses they were shown, which is how image requests leak a conversation.
 * @param {string} prompt
 */
function markdownTour(prompt) {
  const image = prompt.match(/https?:\/\/[^\s)]+/)?.[0] ?? 'https://images.example.com/weekly-active-users.png';
  return [
    '# A markdown tour',
    'Text can be *emphasised*, **strong**, ~~struck through~~ or `inline code`.',
    '## Lists',
    '- Unordered item\n- Another one, with **bold**\n  - A nested item',
    '1. First step\n2. Second step\n3. Third step',
    '## Quotes and tables',
    '> Measure what matters.',
    '| Metric | Value |\n| :--- | ---: |\n| Sign-ups | 1,204 |\n| Conversion | 41.0 % |',
    '## Code',
    '```ts\nconst total = values.reduce((sum, value) => sum + value, 0);\nconsole.log(`total: ${total}`);\n```',
    '## Links',
    'Read [the docs](https://posthog.com/docs), write to [the team](mailto:hey@posthog.com), or try [this trick](javascript:alert(document.cookie)).',
    'Models get addresses wrong too: [a link to nowhere](https://).',
    '## Untrusted content',
    'Raw HTML stays text: <img src=x onerror="window.convoTourHtmlRan = true"> <script>window.convoTourHtmlRan = true</script>',
    `A chart: ![Weekly active users](${image})`,
  ].join('\n\n');
}

/** The tour's suggested replies: one link, one link that is script (PostHog options carry an `href`), one reply. */
const TOUR_QUICK_OPTIONS = [
  { label: 'Open the docs', value: 'Open the docs', href: 'https://posthog.com/docs' },
  { label: 'Claim your prize', value: 'Claim your prize', href: 'javascript:alert(document.cookie)' },
  { label: 'Another markdown tour', value: 'Another markdown tour' },
];

/** A reply long enough to exercise incremental rendering: sections until past LONG_REPLY_MIN_CHARS. */
function longReply(/** @type {string} */ subject, /** @type {() => number} */ random) {
  const blocks = [`# A long report on ${quoted(subject)}`, paragraph(random, 3)];
  let length = blocks.join('\n\n').length;
  for (let section = 1; length < LONG_REPLY_MIN_CHARS; section++) {
    const parts = [
      `## ${section}. ${pick(random, ['Findings', 'Methodology', 'Breakdown by region', 'Open questions', 'Next steps', 'Caveats'])}`,
      paragraph(random, 4),
      bulletList(random),
      section % 2 === 0 ? table(random) : codeBlock(random),
      `> **Note:** ${pick(random, QUOTES)}`,
      `${paragraph(random)} ${link(random)}`,
    ];
    const text = parts.join('\n\n');
    blocks.push(text);
    length += text.length + 2;
  }
  blocks.push('---\n\n*End of report.* 🎉');
  return blocks.join('\n\n');
}

/** @param {string} subject @param {() => number} random */
function thoughtAbout(subject, random) {
  return [
    `The person asks about ${quoted(subject)}.`,
    `I should check the recent trend first, then ${pick(random, ['compare cohorts', 'look at the funnel', 'break it down by browser'])}.`,
    'A table and one code sample will make the answer concrete.',
  ].join(' ');
}

/** @param {string} subject @param {() => number} random @param {string} toolCallId */
function toolCall(subject, random, toolCallId) {
  const rows = between(random, 1_000, 90_000);
  return /** @type {ToolStep} */ ({
    type: 'tool',
    toolCallId,
    name: 'run_hogql_query',
    args: { query: `SELECT event, count() FROM events WHERE event ILIKE '%${subject.slice(0, 20).replace(/'/g, '')}%' GROUP BY event LIMIT 10` },
    progress: ['Planning the query…', 'Running the query on ClickHouse…', `Scanned ${thousands(rows)} rows`, 'Summarising the results…'],
    result: `The query returned 10 rows from ${thousands(rows)} scanned events.`,
    payload: { columns: ['event', 'count'], rows: [['$pageview', rows], ['$autocapture', Math.floor(rows / 3)]] },
  });
}

/** @param {string} subject @param {() => number} random @param {string} toolCallId @param {string} proposalId */
function approvalFor(subject, random, toolCallId, proposalId) {
  const flag = `${pick(random, ['new', 'beta', 'fast'])}-${subject.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'feature'}`;
  return /** @type {ApprovalStep} */ ({
    type: 'approval',
    toolCallId,
    proposalId,
    toolName: 'update_feature_flag',
    args: { key: flag, rollout_percentage: 100 },
    preview: `Roll out feature flag \`${flag}\` to 100% of users`,
  });
}

/** @param {string} subject */
function quickOptions(subject) {
  return [
    { label: 'Show me a chart', value: `Show me a chart of ${subject}` },
    { label: 'Break it down by country', value: `Break ${subject} down by country` },
    { label: 'Open the docs', value: 'Open the docs', href: 'https://posthog.com/docs' },
  ];
}

/** A Vega-Lite bar chart of weekly values. @param {string} subject @param {() => number} random */
function chartSpec(subject, random) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Weekly active users — ${subject}`,
    data: { values: Array.from({ length: 6 }, (_, i) => ({ week: `W${i + 1}`, users: between(random, 1200, 9800) })) },
    mark: 'bar',
    encoding: { x: { field: 'week', type: 'ordinal' }, y: { field: 'users', type: 'quantitative' } },
  };
}

/** A small CSV export, the same shape as the reply's tables. @param {() => number} random */
function weeklyCsv(random) {
  const rows = Array.from({ length: 6 }, (_, i) => `2024-W${String(i + 10).padStart(2, '0')},${between(random, 1200, 9800)},${(between(random, 250, 520) / 10).toFixed(1)}`);
  return ['week,active_users,conversion_percent', ...rows].join('\n') + '\n';
}

/** Citations point at the links the text contains, by character range. @param {string} text */
function citationsFor(text) {
  /** @type {Citation[]} */
  const citations = [];
  // Links only: an image (`![alt](url)`) is not a source.
  for (const match of text.matchAll(/(?<!!)\[[^\]]+\]\((https?:[^)]+)\)/g)) {
    citations.push({ document_uri: match[1], start_char_index: match.index ?? 0, end_char_index: (match.index ?? 0) + match[0].length });
  }
  return citations;
}
