// One browser tab of the chaos test showing <convo-chat>: what a person does in it (type, press Enter,
// reload, close) and what the harness reads from it through the page probe (page-probe.mjs).

/** The composer's text area, inside the element's open shadow root (Playwright's CSS pierces it). */
const COMPOSER = 'convo-chat [part~="input"]';
const ACTION_TIMEOUT_MS = 5000;
/** How long a tab may take to show the conversation (or a problem loading it) after it loads. */
const SHOW_TIMEOUT_MS = 10_000;

export class ChatTab {
  /**
   * @param {import('playwright-core').BrowserContext} context
   * @param {string} url the chaos page with the element's attributes in its query
   * @param {number} slot which of the schedule's tabs this is
   * @returns {Promise<ChatTab>} once the page has loaded (see waitUntilShown for the conversation)
   */
  static async open(context, url, slot) {
    const tab = new ChatTab(await context.newPage(), slot);
    await tab.page.goto(url);
    return tab;
  }

  /** @param {import('playwright-core').Page} page @param {number} slot */
  constructor(page, slot) {
    this.page = page;
    this.slot = slot;
    /** Uncaught errors in the page, for the log. */
    this.pageErrors = 0;
    page.on('pageerror', () => {
      this.pageErrors += 1;
    });
  }

  get closed() {
    return this.page.isClosed();
  }

  /** Waits (bounded) until the element shows the conversation; answers whether it did. */
  async waitUntilShown() {
    try {
      await this.page.waitForFunction(() => /** @type {any} */ (window).chaosProbe?.shown() === true, null, { timeout: SHOW_TIMEOUT_MS, polling: 100 });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Types into the composer (the text replaces whatever is there, a restored draft included). The tab comes
   * to the front first, as it does for a person typing in it.
   */
  async type(/** @type {string} */ text) {
    await this.page.bringToFront();
    await this.page.locator(COMPOSER).fill(text, { timeout: ACTION_TIMEOUT_MS });
  }

  /** Presses Enter in the composer: the moment the person sent the message. */
  async pressEnter() {
    await this.page.locator(COMPOSER).press('Enter', { timeout: ACTION_TIMEOUT_MS });
  }

  async reload() {
    await this.page.reload();
    return this.waitUntilShown();
  }

  async close() {
    await this.page.close({ runBeforeUnload: false });
  }

  /** @returns {Promise<{unsent: number, queued: number, working: boolean, shown: boolean}>} */
  activity() {
    return this.page.evaluate(() => /** @type {any} */ (window).chaosProbe.activity());
  }

  /**
   * Every message shown, read by scrolling the transcript. In front, as a person reading it would have it
   * (a background tab's animation frames are throttled, which would make the scroll crawl).
   * @returns {Promise<{role: 'user' | 'agent', delivery: string | null, failure: string | null, texts: string[]}[]>}
   */
  async transcript() {
    await this.page.bringToFront();
    return this.page.evaluate(() => /** @type {any} */ (window).chaosProbe.transcript());
  }

  /** @param {string[]} markdowns @returns {Promise<string[]>} */
  renderStored(markdowns) {
    return this.page.evaluate((texts) => /** @type {any} */ (window).chaosProbe.renderStored(texts), markdowns);
  }
}
