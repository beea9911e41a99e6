// The chaos test's verdicts, as pure functions of what the person typed (the ledger), what the server holds
// and what each tab shows.
//
// Delivery: each typed message must be on the server exactly once (0 = lost, 2+ = duplicated), and in the
// order it was typed.
//
// Replies: for every turn a tab shows (the person's message and the agent's text after it), the reply text
// shown must equal the reply the server stored for that message. Both sides go through the element's own
// markdown renderer and are read the same way (visible text, copy buttons left out, whitespace collapsed):
// the stored markdown rendered in one go is exactly what a stream that ended with the server's text shows,
// so a gap, a repeated piece, a reply cut short or text the server never stored all differ, while markdown
// syntax and DOM layout never cause a false difference. A turn the server holds that a tab does not show at
// all (another tab sent it and this one was never told) is counted apart as `stale`, not as a mismatch.

/**
 * @typedef {{text: string, schedule: number, tab: number, typedAt: number}} TypedMessage
 * @typedef {{human: string, replies: string[]}} RenderedTurn
 * @typedef {{tab: number, human: string | null, problem: string}} Mismatch
 */

/** Messages of different tabs typed closer together than this have no order a person could tell. */
export const ORDER_TOLERANCE_MS = 50;

export const normalizeText = (/** @type {string} */ text) => text.replace(/\s+/g, ' ').trim();

/**
 * @param {TypedMessage[]} ledger in the order the person typed
 * @param {string[]} serverHumans the person's messages the server holds, in its order (the setup message excluded)
 */
export function checkDelivery(ledger, serverHumans) {
  const stored = serverHumans.map(normalizeText);
  const typed = new Set(ledger.map((message) => normalizeText(message.text)));
  /** @type {string[]} */
  const lost = [];
  /** @type {string[]} */
  const duplicated = [];
  let duplicates = 0;
  for (const message of ledger) {
    const count = stored.filter((text) => text === normalizeText(message.text)).length;
    if (count === 0) lost.push(message.text);
    if (count > 1) {
      duplicated.push(`${message.text} ×${count}`);
      duplicates += count - 1;
    }
  }
  // Anything else the server holds was never typed (two messages merged into one, say).
  const unexpected = stored.filter((text) => !typed.has(text));

  /** @type {string[]} */
  const misordered = [];
  const position = (/** @type {TypedMessage} */ message) => stored.indexOf(normalizeText(message.text));
  for (let later = 0; later < ledger.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const [a, b] = [ledger[earlier], ledger[later]];
      if (position(a) < 0 || position(b) < 0 || position(a) < position(b)) continue;
      const tellable = a.tab === b.tab || b.typedAt - a.typedAt > ORDER_TOLERANCE_MS;
      if (tellable) misordered.push(`"${b.text}" before "${a.text}"`);
    }
  }
  return { lost, duplicated, duplicates, unexpected, misordered };
}

/**
 * The tab's transcript as turns: each message of the person's with the agent's texts after it. Agent
 * messages without text (a tool row, a failure note) add nothing.
 * @param {{role: 'user' | 'agent', texts: string[]}[]} messages
 * @returns {{turns: RenderedTurn[], orphanReplies: string[]}}
 */
export function turnsOfTranscript(messages) {
  /** @type {RenderedTurn[]} */
  const turns = [];
  /** @type {string[]} */
  const orphanReplies = [];
  for (const message of messages) {
    if (message.role === 'user') turns.push({ human: normalizeText(message.texts.join(' ')), replies: [] });
    else (turns[turns.length - 1]?.replies ?? orphanReplies).push(...message.texts.filter((text) => text !== ''));
  }
  return { turns, orphanReplies };
}

/**
 * @param {number} tab
 * @param {{turns: RenderedTurn[], orphanReplies: string[]}} shown the tab's turns
 * @param {RenderedTurn[]} stored the server's turns, replies already rendered and read like the tab's
 * @returns {{mismatches: Mismatch[], stale: number, outOfOrder: number}} `outOfOrder`: turns the tab shows above
 *   a turn the server holds before them
 */
export function checkReplies(tab, shown, stored) {
  /** @type {Mismatch[]} */
  const mismatches = [];
  for (const text of shown.orphanReplies) mismatches.push({ tab, human: null, problem: `a reply before any message: ${excerpt(text)}` });
  // The k-th time the tab shows a message pairs with the k-th time the server holds it.
  /** @type {Map<string, RenderedTurn[]>} */
  const storedByHuman = new Map();
  for (const turn of stored) storedByHuman.set(turn.human, [...(storedByHuman.get(turn.human) ?? []), turn]);
  /** @type {Map<string, number>} */
  const seen = new Map();
  let outOfOrder = 0;
  let highestPosition = -1;
  for (const turn of shown.turns) {
    const occurrence = seen.get(turn.human) ?? 0;
    seen.set(turn.human, occurrence + 1);
    const match = storedByHuman.get(turn.human)?.[occurrence];
    if (match !== undefined) {
      const position = stored.indexOf(match);
      if (position < highestPosition) outOfOrder += 1;
      highestPosition = Math.max(highestPosition, position);
    }
    if (match === undefined) {
      // A message the server does not hold (lost or refused: counted by the delivery check); a reply under it
      // would be text the server never stored.
      if (turn.replies.length > 0) mismatches.push({ tab, human: turn.human, problem: `shows a reply the server does not hold: ${excerpt(turn.replies[0])}` });
      continue;
    }
    const problem = compareReplies(turn.replies, match.replies);
    if (problem !== null) mismatches.push({ tab, human: turn.human, problem });
  }
  const shownCount = shown.turns.filter((turn) => storedByHuman.has(turn.human)).length;
  return { mismatches, stale: Math.max(0, stored.length - shownCount), outOfOrder };
}

/** @param {string[]} shown @param {string[]} stored @returns {string | null} */
function compareReplies(shown, stored) {
  if (shown.length !== stored.length) {
    return `shows ${shown.length} reply text(s), the server holds ${stored.length}${shown.length > 0 ? `; shown: ${excerpt(shown.join(' | '))}` : ''}`;
  }
  for (let index = 0; index < shown.length; index++) {
    const [a, b] = [shown[index], stored[index]];
    if (a === b) continue;
    let at = 0;
    while (at < a.length && at < b.length && a[at] === b[at]) at++;
    return `reply differs at character ${at} of ${b.length} (shown ${a.length}): shown "…${a.slice(Math.max(0, at - 20), at + 40)}", stored "…${b.slice(Math.max(0, at - 20), at + 40)}"`;
  }
  return null;
}

function excerpt(/** @type {string} */ text) {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * How long each message that was waiting when the network or the server came back took to reach the server
 * after that (the latest such moment before it arrived). Messages never delivered have no delay: they are lost.
 * @param {TypedMessage[]} ledger
 * @param {{at: number, pending: string[]}[]} comebacks when the network or server came back, with the texts
 *   not yet on the server then
 * @param {Map<string, number>} firstSeen when each (normalised) text was first seen on the server
 */
export function delaysAfterComeback(ledger, comebacks, firstSeen) {
  return ledger.flatMap(({ text }) => {
    const delivered = firstSeen.get(normalizeText(text));
    if (delivered === undefined) return [];
    const waited = comebacks.filter((comeback) => comeback.pending.includes(text) && comeback.at <= delivered);
    return waited.length > 0 ? [delivered - waited[waited.length - 1].at] : [];
  });
}

/** The median of a list of numbers (0 for none). */
export function median(/** @type {number[]} */ values) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
