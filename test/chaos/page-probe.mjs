// Loaded by the chaos page as a classic script: reads <convo-chat> the way a person sees it, through its
// shadow root and its documented parts only (`message-user` with `data-delivery`, `message-agent`, `text`,
// `queue-item`, `stop-button`, `typing`, `problem`, `transcript`), so it keeps working whatever the element
// does inside. The harness calls `window.chaosProbe.*` with page.evaluate().
(() => {
  const chat = () => document.querySelector('convo-chat');
  const shadow = () => chat()?.shadowRoot ?? null;
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

  /**
   * The text a person reads in a node: controls (copy buttons) left out, whitespace collapsed. Rendering
   * may split or join text nodes differently when text arrives in pieces; the words and their order may not
   * differ.
   */
  function visibleText(/** @type {Node} */ node) {
    const copy = /** @type {Element} */ (node.cloneNode(true));
    for (const control of copy.querySelectorAll('button')) control.remove();
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  function describeMessage(/** @type {HTMLElement} */ article) {
    const role = article.matches('[part~="message-user"]') ? 'user' : 'agent';
    const failure = role === 'user' ? article.querySelector('[part~="delivery-failed"]') : null;
    return {
      role,
      delivery: role === 'user' ? (article.dataset['delivery'] ?? 'sent') : null,
      // Why a message was not sent, as the element tells the person.
      failure: failure ? visibleText(failure) : null,
      texts: [...article.querySelectorAll('[part~="text"]')].map(visibleText),
    };
  }

  /** The rendered messages, each with a key that stays the same while the transcript scrolls. */
  function renderedMessages(/** @type {ShadowRoot} */ root) {
    return [...root.querySelectorAll('[part~="transcript"] [part~="message"]')].map((article, index) => ({
      // A virtualised transcript keys its rows; without virtualisation every message is rendered at once.
      key: article.closest('[data-key]')?.getAttribute('data-key') ?? `index-${index}`,
      message: describeMessage(/** @type {HTMLElement} */ (article)),
    }));
  }

  /** @type {Window & {chaosProbe?: unknown}} */ (window).chaosProbe = {
    /** The element has shown the conversation (a message) or a problem loading it. */
    shown() {
      const root = shadow();
      return root !== null && root.querySelector('[part~="transcript"] [part~="message"], [part~="problem"]') !== null;
    },

    /**
     * What still moves, among the rendered rows: the person's messages not yet delivered (any delivery state
     * but `sent` and the final `failed`), follow-ups waiting, and a reply being written or resumed
     * ("reconnecting…": the text shown is not final until it ends).
     */
    activity() {
      const root = shadow();
      if (root === null) return { unsent: 0, queued: 0, working: false, shown: false };
      const unsent = [...root.querySelectorAll('[part~="message-user"]')].filter((article) => {
        const delivery = /** @type {HTMLElement} */ (article).dataset['delivery'] ?? 'sent';
        return delivery !== 'sent' && delivery !== 'failed';
      }).length;
      return {
        unsent,
        queued: root.querySelectorAll('[part~="queue-item"]').length,
        working: root.querySelector('[part~="stop-button"], [part~="typing"], [part~="reconnecting"]') !== null,
        shown: true,
      };
    },

    /**
     * Every message of the transcript in order. A virtualised transcript renders only the rows near the
     * viewport, so it is scrolled from top to bottom in overlapping steps and the rows are merged by key.
     */
    async transcript() {
      const element = /** @type {(HTMLElement & {updateComplete?: Promise<unknown>}) | null} */ (chat());
      const root = shadow();
      const log = root?.querySelector('[part~="transcript"]');
      if (!element || !root || !(log instanceof HTMLElement)) return [];
      const settle = async () => {
        await nextFrame();
        await element.updateComplete;
        await nextFrame();
      };
      /** @type {Map<string, ReturnType<typeof describeMessage>>} */
      const byKey = new Map();
      log.scrollTop = 0;
      await settle();
      for (let step = 0; step < 1000; step++) {
        for (const { key, message } of renderedMessages(root)) byKey.set(key, message);
        if (log.scrollTop + log.clientHeight >= log.scrollHeight - 2) break;
        log.scrollTop += Math.max(100, Math.floor(log.clientHeight * 0.6));
        await settle();
      }
      log.scrollTop = log.scrollHeight;
      // Insertion order is first-seen order; windows overlap and move down, so that is transcript order.
      return [...byKey.values()];
    },

    /**
     * Stored markdown rendered once by the element's own renderer, read the same way as the transcript: the
     * text a reply must show when it ended with exactly what the server holds.
     */
    renderStored(/** @type {string[]} */ markdowns) {
      const { StreamingMarkdown } = /** @type {any} */ (window).ConvoElements;
      return markdowns.map((markdown) => {
        const container = document.createElement('div');
        const renderer = new StreamingMarkdown(container, { scheduler: () => () => {} });
        renderer.append(markdown);
        renderer.finish();
        renderer.flush();
        renderer.dispose();
        return visibleText(container);
      });
    },
  };
})();
