// The demo inbox: 360 tickets from 150 people with their message threads, deterministic from the server's
// seed. Times are offsets from the moment of seeding, so SLAs are breached, at risk (due within the hour) and
// on track when the data directory is new. Every ticket's message_count, last_message_* and unread counts agree
// with its seeded messages, as PostHog's signals keep them.
//
// Tickets the tests and stories rely on: #1 has a 240-message thread (more than two comment pages); #5 and #6
// have no messages (suggest_reply answers 400); #7 carries the `ai-not-approved` tag (403) and #8 the
// `ai-suggestion-fails` tag (500).

import { AI_FAILS_TAG, AI_NOT_APPROVED_TAG, PERSONS_COLLECTION, TEAM_ROLES, TEAM_USERS, TICKETS_COLLECTION, newTicketRecord, recordTicketMessage } from './tickets.mjs';
import { COMMENTS_COLLECTION, TICKET_SCOPE, newCommentRecord } from './comments.mjs';

const TICKET_COUNT = 360;
const PERSON_COUNT = 150;
const LONG_THREAD_TICKET = 1;
const LONG_THREAD_MESSAGES = 240;
const EMPTY_TICKETS = new Set([5, 6]);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A small, fast, seedable PRNG (mulberry32). @param {number} seed */
function randomSource(seed) {
  let state = (seed ^ 0x5eed1e55) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** @param {number} min @param {number} max */
    between: (min, max) => min + next() * (max - min),
    /** @template T @param {T[]} items @returns {T} */
    pick: (items) => items[Math.floor(next() * items.length)],
    /** @param {number} probability */
    chance: (probability) => next() < probability,
    /** @template {string} K @param {Record<K, number>} weights @returns {K} */
    weighted: (weights) => {
      const entries = /** @type {[K, number][]} */ (Object.entries(weights));
      let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(next() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}

const FIRST_NAMES = ['Amelia', 'Noah', 'Priya', 'Mateo', 'Sofia', 'Liam', 'Chen', 'Olivia', 'Kwame', 'Isabella', 'Yuki', 'Lucas', 'Fatima', 'Ethan', 'Ingrid', 'Diego', 'Hannah', 'Omar', 'Chloe', 'Arjun', 'Zoe', 'Felix', 'Aisha', 'Jonas', 'Camila', 'Hiro', 'Grace', 'Rafael', 'Nina', 'Tomás'];
const LAST_NAMES = ['Nguyen', 'Schmidt', 'Okonkwo', 'García', 'Kowalski', 'Johansson', 'Patel', 'Rossi', 'Dubois', 'Kim', 'Silva', 'Murphy', 'Yamamoto', 'Haddad', 'Novak', 'Andersen', 'Costa', 'Fischer', 'Mensah', 'Lindqvist'];
const COMPANIES = [
  ['Northwind', 'northwind.io'],
  ['Brightline', 'brightline.dev'],
  ['Tailspin', 'tailspin.app'],
  ['Lumen Health', 'lumenhealth.com'],
  ['Fabrikam', 'fabrikam.co'],
  ['Contoso', 'contoso.com'],
  ['Kestrel Labs', 'kestrel-labs.ai'],
  ['Blue Yonder', 'blueyonder.shop'],
  ['Parcelly', 'parcelly.eu'],
  ['Graphite', 'graphite.so'],
];
const PLANS = { free: 5, startup: 3, scale: 2, enterprise: 1 };
const COUNTRIES = ['United States', 'Germany', 'United Kingdom', 'India', 'Brazil', 'France', 'Canada', 'Japan', 'Nigeria', 'Spain', 'Australia', 'Poland'];

/**
 * What customers write about: the email subject, how they open, how they follow up, how the team answers,
 * the team's private notes, and how it ends.
 * @typedef {{tag: string, subject: string, openers: string[], followUps: string[], replies: string[], notes: string[], closing: string}} Topic
 * @type {Topic[]}
 */
const TOPICS = [
  {
    tag: 'billing',
    subject: 'Charged twice this month',
    openers: ['Hi, I was charged twice for our subscription this month. Can you check invoice INV-2291?', 'Our card was billed twice on the 3rd. Is that expected with the new plan?'],
    followUps: ['I can see both charges on the bank statement, screenshot attached.', 'Any update on this? Our finance team is asking.', 'Thanks. Will the refund show up as a separate line?'],
    replies: [
      "Thanks for flagging this! I can see two charges:\n\n- **INV-2291**: monthly plan\n- **INV-2291-A**: a duplicate from the card retry\n\nI've voided the duplicate; the refund takes 5–10 business days.",
      'I checked with our billing team: the second charge is a pre-authorisation and drops off automatically within 7 days.',
    ],
    notes: ['Stripe shows a retry after a 3DS timeout. Duplicate refunded.', 'Second duplicate-charge report this week, flagged to billing eng.'],
    closing: 'The refund went through on our side. Anything else I can help with?',
  },
  {
    tag: 'bug',
    subject: 'Funnel shows no data since yesterday',
    openers: ["Our signup funnel shows **0 conversions** since yesterday's deploy, but events are clearly coming in.", 'The trends chart is empty for the last 24 hours. Live events look fine.'],
    followUps: ["Here's the insight link: https://app.example.com/insights/abc123", 'It still happens in an incognito window.', 'Cleared cache, same result.'],
    replies: [
      'Thanks for the detailed report. Could you share the event name the funnel starts with? I want to check whether it was renamed in the deploy:\n\n```js\nposthog.capture(\'signup_started\', { plan })\n```',
      'We found it: an ingestion delay in one region. Data is backfilling now and should be complete within the hour.',
    ],
    notes: ['Repro on their project: step 2 event renamed to `sign_up_started`.', 'Linked to incident #4412 (EU ingestion lag).'],
    closing: 'Backfill is complete and the funnel numbers look right again. Sorry for the scare!',
  },
  {
    tag: 'feature-request',
    subject: 'Export dashboards to PDF?',
    openers: ['Could you add a way to export a dashboard as PDF? We send a weekly report to our board.', 'Is there a way to schedule a dashboard to be emailed every Monday?'],
    followUps: ['A CSV per insight would also work for us.', 'Great, please keep me posted.'],
    replies: [
      "Great idea! Today you can **subscribe** to a dashboard (⋯ menu → *Subscribe*) to get it by email or Slack on a schedule. PDF export isn't there yet; I've added your vote to the request.",
      'I passed this to the product team with your use case. In the meantime, each insight can be exported as CSV or PNG.',
    ],
    notes: ['+1 on the PDF export request (now 31 votes).'],
    closing: "I'll close this for now; you'll get an email when PDF export ships.",
  },
  {
    tag: 'onboarding',
    subject: 'How do I invite my team?',
    openers: ['How do I invite my teammates to the project? I only see my own account.', 'Just signed up! Where do I find the snippet to install on our site?'],
    followUps: ["Found the settings page, but the invite button is greyed out.", 'Thanks, that worked!'],
    replies: [
      'Welcome aboard! Go to **Settings → Members → Invite**. If the button is greyed out, you need the *Admin* role; the owner can grant it.',
      "Here's the snippet for your site:\n\n```html\n<script>\n  !function(t,e){/* loader */}(document, window);\n  posthog.init('phc_…', { api_host: 'https://eu.i.posthog.com' })\n</script>\n```",
    ],
    notes: ['Owner is on vacation; suggested they ask their IT admin.'],
    closing: 'Glad you are all set up! Reach out any time.',
  },
  {
    tag: 'integrations',
    subject: 'Slack alerts stopped',
    openers: ['Our Slack integration stopped posting alerts two days ago.', 'The HubSpot destination fails with `401 Unauthorized` on every event.'],
    followUps: ['We did rotate our Slack workspace tokens last week, could that be it?', 'Reconnected, still nothing in #alerts.'],
    replies: [
      'That sounds like the token rotation: please reconnect Slack under **Settings → Integrations** and re-select the channel.',
      "The HubSpot token expired. After reconnecting, failed deliveries from the last 72 hours are retried automatically.",
    ],
    notes: ['Their bot was removed from #alerts, not a token issue.'],
    closing: 'Alerts are flowing again on our side. Closing this one.',
  },
  {
    tag: 'refund',
    subject: 'Refund for unused month',
    openers: ['We cancelled last week. Can we get a refund for the unused part of the month?', 'I upgraded by mistake, can you revert and refund the difference?'],
    followUps: ['Our order number is 88412.', 'Perfect, thank you.'],
    replies: ["I've issued a prorated refund of **$142.50** to the card on file.", 'No problem, I reverted the upgrade and refunded the difference.'],
    notes: ['Prorated refund approved by finance (under the $200 limit).'],
    closing: 'The refund is processed. Thanks for your patience!',
  },
  {
    tag: 'sso',
    subject: 'SAML login fails',
    openers: ["SAML login fails with *invalid audience* for all our users since this morning.", 'How do we enforce SSO for everyone in the organization?'],
    followUps: ['Our IdP is Okta, entity id attached.', 'Changed the audience URI, works now.'],
    replies: [
      'The audience must be exactly `https://app.example.com/complete/saml/`, including the trailing slash. Could you double-check it in Okta?',
      'You can enforce SSO under **Organization → Authentication domains** once the domain is verified.',
    ],
    notes: ['Checked logs: audience mismatch (missing trailing slash).'],
    closing: 'Great that SSO works again. Closing.',
  },
  {
    tag: 'data-export',
    subject: 'Export all March events',
    openers: ['Our auditors need all events from March as CSV. What is the best way?', 'Can we export raw events to our S3 bucket every night?'],
    followUps: ["It's about 40 million events, is that a problem?", 'We set up the batch export, first run succeeded.'],
    replies: [
      'For that volume a **batch export** to S3 is best: *Data pipelines → Batch exports → New*. The first run backfills the range you choose.',
      'A SQL insight can also export up to 500k rows as CSV:\n\n```sql\nselect * from events\nwhere timestamp >= \'2026-03-01\' and timestamp < \'2026-04-01\'\n```',
    ],
    notes: ['Large backfill, watch their export queue.'],
    closing: 'Happy to hear the export worked!',
  },
  {
    tag: 'performance',
    subject: 'Insights are very slow',
    openers: ['Insights take more than 30 seconds to load since last week.', 'Our dashboard times out every morning around 9am.'],
    followUps: ['Mostly the retention insight, the others are okay.', "It's better today but still slow."],
    replies: [
      'Thanks for the report. Retention over 12 months with a breakdown is heavy; try **sampling 10%** or a shorter range, which usually brings it under 5 seconds.',
      'We moved your project to a less busy cluster; queries should be noticeably faster now.',
    ],
    notes: ['Their dashboard refreshes 40 insights at 9:00 UTC: staggered the refresh.'],
    closing: 'Let us know if it slows down again.',
  },
];

const AI_REPLIES = [
  "I'm PostHog's AI assistant. I found an article that might help: **Troubleshooting missing data**. Does that answer your question?",
  "I'm the AI assistant: based on your project's settings, this usually means the event name changed. Would you like me to connect you with a person?",
];
const ESCALATIONS = ['Customer asked to talk to a human', 'Refund amount above the AI limit', 'Possible product bug: needs engineering', 'Security-related question'];

/**
 * Seeds people, tickets and their messages.
 * @param {import('./store.mjs').Store} store
 * @param {{seed: number, now: number}} settings
 */
export function seedInbox(store, { seed, now }) {
  const random = randomSource(seed);
  const persons = store.collection(PERSONS_COLLECTION);
  const tickets = store.collection(TICKETS_COLLECTION);
  const comments = store.collection(COMMENTS_COLLECTION);

  /** @type {{distinctId: string, name: string | null, email: string | null, plan: string | null}[]} */
  const people = [];
  for (let i = 0; i < PERSON_COUNT; i++) {
    const identified = i % 5 !== 4;
    const createdAt = new Date(now - random.between(60, 700) * DAY).toISOString();
    if (identified) {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const [company, domain] = random.pick(COMPANIES);
      const email = `${first}.${last}`.normalize('NFKD').replace(/[^\w.]/g, '').toLowerCase() + `${i}@${domain}`;
      const plan = random.weighted(PLANS);
      const distinctId = `user_${(100_000 + i * 37).toString(36)}`;
      persons.set(distinctId, {
        id: random.uuid(),
        distinct_ids: [distinctId, email],
        properties: { email, name: `${first} ${last}`, plan, company, country: random.pick(COUNTRIES), signed_up_at: createdAt },
        is_identified: true,
        created_at: createdAt,
      });
      people.push({ distinctId, name: `${first} ${last}`, email, plan });
    } else {
      const distinctId = `0190${Math.floor(random.next() * 0xffffffff).toString(16).padStart(8, '0')}-anon`;
      persons.set(distinctId, { id: random.uuid(), distinct_ids: [distinctId], properties: { $geoip_country_name: random.pick(COUNTRIES) }, is_identified: false, created_at: createdAt });
      people.push({ distinctId, name: null, email: null, plan: null });
    }
  }

  for (let number = 1; number <= TICKET_COUNT; number++) {
    // A few email tickets come from addresses no person matches: person is null.
    const unmatchedSender = number % 41 === 0;
    const person = random.pick(people);
    const channel = unmatchedSender ? 'email' : random.weighted({ widget: 60, email: 22, slack: 14, teams: 4 });
    const topic = random.pick(TOPICS);
    const status = number === LONG_THREAD_TICKET ? 'open' : EMPTY_TICKETS.has(number) ? 'new' : random.weighted({ new: 14, open: 30, pending: 15, on_hold: 8, resolved: 33 });
    const priority = random.weighted({ none: 25, low: 25, medium: 30, high: 20 });
    const ageMs = number === LONG_THREAD_TICKET ? 10 * DAY : random.chance(0.2) ? random.between(10, 24 * 60) * MINUTE : random.between(1, 60) * DAY;
    const createdAt = now - ageMs;

    const senderEmail = unmatchedSender ? `${random.pick(FIRST_NAMES).toLowerCase()}@${random.pick(COMPANIES)[1]}` : person.email;
    const traits = unmatchedSender ? { email: senderEmail } : person.name ? { name: person.name, email: person.email } : random.chance(0.5) ? { email: `visitor${number}@mail.example` } : {};

    const tags = [topic.tag];
    if (priority === 'high' && random.chance(0.4)) tags.push('urgent');
    if (person.plan === 'enterprise') tags.push('vip');
    if (number === 7) tags.push(AI_NOT_APPROVED_TAG);
    if (number === 8) tags.push(AI_FAILS_TAG);

    let assignee = null;
    if (status !== 'new' || random.chance(0.15)) {
      const kind = random.weighted({ user: 60, role: 15, none: 25 });
      if (kind === 'user') assignee = { type: /** @type {const} */ ('user'), id: random.pick(TEAM_USERS).id };
      else if (kind === 'role') assignee = { type: /** @type {const} */ ('role'), id: random.pick(TEAM_ROLES).id };
    }

    let ticket = newTicketRecord({
      id: random.uuid(),
      ticket_number: number,
      channel_source: channel,
      channel_detail: channel === 'widget' ? 'widget_embedded' : channel === 'slack' ? 'slack_bot_mention' : null,
      distinct_id: unmatchedSender ? /** @type {string} */ (senderEmail) : person.distinctId,
      status,
      priority: priority === 'none' ? null : priority,
      assignee,
      anonymous_traits: traits,
      created_at: new Date(createdAt).toISOString(),
      session_id: channel === 'widget' ? random.uuid() : null,
      session_context: channel === 'widget' ? { current_url: `https://app.example.com/${topic.tag}` } : {},
      email_subject: channel === 'email' ? topic.subject : null,
      email_from: channel === 'email' ? senderEmail : null,
      tags,
    });
    tickets.set(ticket.id, ticket);

    const thread = EMPTY_TICKETS.has(number) ? [] : threadFor(random, topic, status, number === LONG_THREAD_TICKET ? LONG_THREAD_MESSAGES : 1 + Math.floor(random.next() ** 1.6 * 11), channel === 'widget');
    // The first message opens the ticket; the rest fall at random moments between then and now.
    const span = now - createdAt;
    const moments = thread.map((_, i) => (i === 0 ? 0 : random.between(0.02, 0.98))).sort((a, b) => a - b);
    thread.forEach((message, i) => {
      const comment = newCommentRecord({
        id: random.uuid(),
        scope: TICKET_SCOPE,
        item_id: ticket.id,
        content: message.content,
        created_at: new Date(Math.round(createdAt + moments[i] * span)).toISOString(),
        created_by: message.author === 'support' ? random.pick(TEAM_USERS) : null,
        item_context: { author_type: message.author, is_private: message.private },
      });
      comments.set(comment.id, comment);
      ticket = recordTicketMessage(store, ticket, comment);
    });

    const aiReplied = thread.some((m) => m.author === 'AI');
    const lastTeam = thread.findLast((m) => !m.private && m.author !== 'customer');
    ticket = {
      ...ticket,
      // Only a customer message nobody has opened yet counts as unread for the team.
      unread_team_count: status !== 'resolved' && random.chance(0.7) ? trailingCount(thread, (m) => m.author === 'customer') : 0,
      unread_customer_count: trailingCount(thread, (m) => m.author === 'support'),
      ai_resolved: status === 'resolved' && lastTeam?.author === 'AI',
      escalation_reason: aiReplied && thread.some((m) => m.author === 'support') ? random.pick(ESCALATIONS) : null,
      sla_due_at: slaDueAt(random, status, now),
      snoozed_until: status === 'on_hold' && random.chance(0.5) ? new Date(now + random.between(1, 120) * HOUR).toISOString() : null,
    };
    tickets.set(ticket.id, ticket);
  }
}

/**
 * How many public messages at the end of a thread pass a test.
 * @param {{author: string, private: boolean}[]} thread @param {(m: {author: string}) => boolean} test
 */
function trailingCount(thread, test) {
  let count = 0;
  for (let i = thread.length - 1; i >= 0; i--) {
    if (thread[i].private) continue;
    if (!test(thread[i])) break;
    count++;
  }
  return count;
}

/**
 * An SLA deadline for an unresolved ticket: about a third breached, some due within the hour, the rest later.
 * @param {ReturnType<typeof randomSource>} random @param {string} status @param {number} now
 */
function slaDueAt(random, status, now) {
  if (status === 'resolved' || random.chance(0.25)) return null;
  const state = random.weighted({ breached: 30, atRisk: 15, onTrack: 55 });
  const offset = state === 'breached' ? -random.between(5 * MINUTE, 48 * HOUR) : state === 'atRisk' ? random.between(5 * MINUTE, 55 * MINUTE) : random.between(2 * HOUR, 72 * HOUR);
  return new Date(now + offset).toISOString();
}

/**
 * A conversation about one topic: the customer opens, the AI sometimes answers first on the widget (and
 * sometimes settles it alone), the team and the customer take turns, with an occasional private note; a resolved thread ends with the closing
 * line, a pending one with the team waiting on the customer, a new one has only the customer's words.
 * @param {ReturnType<typeof randomSource>} random
 * @param {Topic} topic @param {string} status @param {number} length @param {boolean} widget
 * @returns {{author: 'customer' | 'support' | 'AI', content: string, private: boolean}[]}
 */
function threadFor(random, topic, status, length, widget) {
  /** @type {{author: 'customer' | 'support' | 'AI', content: string, private: boolean}[]} */
  const thread = [{ author: 'customer', content: random.pick(topic.openers), private: false }];
  if (status === 'new') {
    if (length > 1) thread.push({ author: 'customer', content: random.pick(topic.followUps), private: false });
    return thread;
  }
  if (widget && status === 'resolved' && random.chance(0.3)) {
    // Resolved by the AI alone: it answered and the customer was satisfied.
    thread.push({ author: 'AI', content: random.pick(AI_REPLIES), private: false }, { author: 'customer', content: 'That fixed it, thanks!', private: false });
    return thread;
  }
  if (widget && random.chance(0.35)) thread.push({ author: 'AI', content: random.pick(AI_REPLIES), private: false });
  while (thread.length < length) {
    const previous = thread[thread.length - 1];
    if (random.chance(0.1)) thread.push({ author: 'support', content: random.pick(topic.notes), private: true });
    else if (previous.author === 'customer') thread.push({ author: 'support', content: random.pick(topic.replies), private: false });
    else thread.push({ author: 'customer', content: random.pick(topic.followUps), private: false });
  }
  const last = thread.findLast((m) => !m.private);
  if (status === 'resolved') thread.push({ author: 'support', content: topic.closing, private: false });
  else if (status === 'pending' && last?.author === 'customer') thread.push({ author: 'support', content: random.pick(topic.replies), private: false });
  else if (status === 'open' && last?.author !== 'customer') thread.push({ author: 'customer', content: random.pick(topic.followUps), private: false });
  return thread;
}

/**
 * Seeds the inbox on a fresh data directory. It adds no routes: tickets.mjs and comments.mjs serve what it
 * seeds.
 * @param {import('./http.mjs').Router} _router
 * @param {import('./index.mjs').App} app
 */
export function registerInboxSeed(_router, app) {
  if (app.store.isFresh) seedInbox(app.store, { seed: app.options.seed, now: Math.floor(Date.now() / MINUTE) * MINUTE });
}
