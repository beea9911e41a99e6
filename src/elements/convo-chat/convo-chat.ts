import { consume } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ConvoClient } from '../../api/client.js';
import { loadOnce } from '../../api/load-once.js';
import type { AttachmentPart } from '../../api/types.js';
import { convoClientContext, convoStringsContext } from '../../context/convo-context.js';
import { ChatSessionController } from '../../controllers/chat-session-controller.js';
import { DraftController } from '../../controllers/draft-controller.js';
import { ConvoConversationOpenEvent, ConvoTitleChangedEvent } from '../../events/convo-events.js';
import { ResizeController } from '../../controllers/resize-controller.js';
import { spacerHeight } from './spacer-height.js';
import { VirtualWindow, type Viewport } from './virtual-window.js';
import type { DraftStore } from '../../store/drafts.js';
import { forgetPressed, notePressed, takePressed } from '../../store/pressed-messages.js';
import { resolveStrings, type ConvoStrings } from '../../strings/strings.js';
import { AttributeClient, CLIENT_ATTRIBUTE_PROPERTIES } from './client-settings.js';
import { convoChatStyles } from './convo-chat.styles.js';
import { renderEntry, type ChartRenderer, type EntryActions } from './render-entry.js';
import type { TranscriptEntry } from './transcript-model.js';
import { copyCodeToClipboard } from './copy-code.js';
import type { TextRendererFactory } from './streaming-text.js';
import { StreamingMarkdown } from '../../markdown/index.js';
import { markdownStyles } from './markdown.styles.js';
import { normalizeOrigins } from '../../markdown/url-policy.js';
import { chartPlaceholder } from './chart/chart-placeholder.js';
import { LazyFeature } from './lazy-feature.js';
import type { ReplyPartRenderers } from './reply-parts.js';

/*
 * What only some conversations use loads the first time it is needed, each a chunk of its own with its styles:
 * the conversation list, files, approvals and queued follow-ups, charts.
 */
const loadSidebar = loadOnce(async () => (await import('./conversation-sidebar.js')).feature, 'the conversation list');
const loadFiles = loadOnce(async () => (await import('./chat-files.js')).feature, 'the files');
const loadRunPanels = loadOnce(async () => (await import('./run-panels.js')).feature, 'the approvals and the queue');
const loadCharts = loadOnce(async () => (await import('./chart/chart-view.js')).feature, 'the charts');
const loadReplyParts = loadOnce(async () => (await import('./reply-parts.js')).feature, 'the tool calls and files of replies');

/** Closer to the bottom than this, the view counts as at the bottom and follows new content. */
const FOLLOW_THRESHOLD_PX = 48;

/**
 * A conversation with an agent: the transcript streamed as the agent writes, a composer, stop, follow-ups
 * queued while the agent works, approvals, and the person's drafts kept across reloads.
 *
 * Connect it with attributes only (`base-url`, `token`, `dialect`, `environment-id` / `project-id` /
 * `agent-id`), with a `.client`, or by placing it inside a `<convo-provider>`.
 *
 * @summary A streamed conversation with an agent, for any page.
 *
 * @slot header - Replaces the title in the header.
 * @slot header-actions - Extra controls at the end of the header.
 * @slot empty - Shown in an empty conversation instead of the built-in welcome.
 *
 * @fires convo-send - The person sends a message; cancel it to keep the message from the server.
 * @fires convo-reply-completed - A reply finished, was stopped, or failed.
 * @fires convo-error - Something failed; the element shows it too.
 * @fires convo-conversation-open - A conversation was opened or created.
 * @fires convo-conversation-deleted - A conversation was deleted.
 * @fires convo-title-changed - The server renamed the conversation.
 * @fires convo-approval-decided - The person approved or rejected a tool call.
 *
 * @csspart frame - The outer box.
 * @csspart sidebar - The conversation list column (with `show-conversations`).
 * @csspart conversations-toggle - The header button that shows or hides the list.
 * @csspart new-conversation - Starts a new conversation.
 * @csspart conversation-list - The list; each row is a `conversation-item`.
 * @csspart conversation-open - A conversation's title button.
 * @csspart conversation-delete - A conversation's delete button (asks first).
 * @csspart load-more - Loads the next page of conversations.
 * @csspart attach-button - Opens the file picker (agents dialect).
 * @csspart uploads - Files being attached; each is an `upload` with `upload-name`, `upload-progress`, `upload-status`.
 * @csspart drop-zone - Shown while files are dragged over the chat.
 * @csspart files-toggle - Shows the conversation's files.
 * @csspart files-panel - The conversation's files and data frames; each is a `file`.
 * @csspart frame-table - The `<data-frame-table>` showing an opened data frame.
 * @csspart main - The column with header, transcript and composer.
 * @csspart header - The top bar.
 * @csspart title - The conversation's title.
 * @csspart transcript - The scrolling message log (`role="log"`).
 * @csspart empty - The welcome shown in an empty conversation.
 * @csspart message - Every message; also `message-user` or `message-agent`.
 * @csspart bubble - A message's box.
 * @csspart text - Rendered message text.
 * @csspart delivery - "Sending…", "Will send when back online" (also `delivery-offline`) or "Not sent" (also `delivery-failed`) under the person's message.
 * @csspart edit-button - Puts an unsent message back into the composer to change it.
 * @csspart cancel-edit-button - Leaves that change unsaved.
 * @csspart reasoning - The collapsed reasoning of the agent.
 * @csspart tool-call - A tool call row.
 * @csspart failure - A failed reply with its retry.
 * @csspart unsupported - The note for content this element cannot show.
 * @csspart chart - An agents `vega_chart`.
 * @csspart chart-frame - The drawing (`role="img"`, named by the spec's description or title); `aria-busy="true"` while it streams or loads.
 * @csspart chart-note - Under a chart: content from an origin not allowed was not loaded.
 * @csspart chart-error - A chart that could not be drawn, and why.
 * @csspart chart-source - That chart's specification, on demand.
 * @csspart citations - The sources a reply cites; each link is a `citation`.
 * @csspart quick-replies - The suggested replies; each is a `quick-reply` button.
 * @csspart typing - The "thinking…" indicator.
 * @csspart reconnecting - "Reconnecting…" while a reply whose stream dropped is picked up again.
 * @csspart stopped-note - "Stopped" under a reply the person stopped.
 * @csspart problem - The error banner above the composer.
 * @csspart approval - A pending approval card.
 * @csspart queue - The follow-ups waiting above the composer; each is a `queue-item`.
 * @csspart composer - The form at the bottom.
 * @csspart input - The text area.
 * @csspart send-button - Send.
 * @csspart stop-button - Stop (shown while the agent works).
 * @csspart button - Every button.
 * @csspart storage-note - The note that drafts and unsent messages will not survive a reload.
 *
 * @cssprop [--convo-font-family=system-ui] - Text font.
 * @cssprop [--convo-font-family-mono=ui-monospace] - Code font.
 * @cssprop [--convo-font-size=0.9375rem] - Base size.
 * @cssprop [--convo-surface=#ffffff] - Background.
 * @cssprop [--convo-surface-raised=#f6f7f9] - Cards, composer and header.
 * @cssprop [--convo-surface-sunken=#eef0f3] - Code and quoted areas.
 * @cssprop [--convo-text=#1b1f24] - Text colour.
 * @cssprop [--convo-text-muted=#5b6470] - Secondary text.
 * @cssprop [--convo-border=#d9dde3] - Borders.
 * @cssprop [--convo-accent=#2f5bd3] - Buttons and links.
 * @cssprop [--convo-accent-text=#ffffff] - Text on the accent colour.
 * @cssprop [--convo-bubble-user-bg=#2f5bd3] - The person's bubbles.
 * @cssprop [--convo-bubble-user-text=#ffffff] - Text in the person's bubbles.
 * @cssprop [--convo-bubble-agent-bg=transparent] - The agent's bubbles.
 * @cssprop [--convo-danger=#b42318] - Errors.
 * @cssprop [--convo-radius=12px] - Corner radius.
 * @cssprop [--convo-space=12px] - Base spacing (smaller with `density="compact"`).
 * @cssprop [--convo-focus-ring=#2f5bd3] - Focus outline.
 * @cssprop [--convo-motion-duration=160ms] - Animation length (0 with reduced motion).
 * @cssprop [--convo-chart-palette=#3f6fd8 #e07b39 #2e9d6a #c94f7c #8a63d2 #c9a227 #1f9bb5 #7d8590] - Colours of a chart's categories, space-separated (single-series charts use the accent).
 * @cssprop [--convo-chart-placeholder-height=12rem] - Height of a chart still loading.
 */
export class ConvoChat extends LitElement {
  static override styles = [convoChatStyles, markdownStyles];

  readonly session = new ChatSessionController(this);
  private readonly drafts = new DraftController(this);
  private readonly sidebar = new LazyFeature(this, loadSidebar, (error) => this.session.reportProblem('list-conversations', error));
  private readonly files = new LazyFeature(this, loadFiles, (error) => this.session.reportProblem('files', error));
  private readonly runPanels = new LazyFeature(this, loadRunPanels, (error) => this.session.reportProblem('queue', error));
  private readonly charts = new LazyFeature(this, loadCharts, (error) => this.session.reportProblem('load-conversation', error));
  /** Rendering does not try a failed load again (offline, every frame): the problem's retry does. */
  private readonly replyParts: LazyFeature<unknown, ReplyPartRenderers> = new LazyFeature(this, loadReplyParts, (error) =>
    this.session.reportProblem('load-conversation', error, () => this.replyParts.whenReady(() => undefined)),
  );
  /** Measures transcript rows (for the virtual window) and the transcript's own height. */
  private readonly sizes = new ResizeController(this, (entries) => this.handleResize(entries));
  private readonly rowWindow = new VirtualWindow();
  private viewport: Viewport = { scrollTop: 0, height: 600, atBottom: true };

  /** A client built by the page; wins over a provider's and over the attributes. */
  @property({ attribute: false }) client: ConvoClient | undefined;
  @property({ attribute: 'base-url' }) baseUrl: string | undefined;
  @property() token: string | undefined;
  @property() dialect: 'posthog' | 'agents' | undefined;
  @property({ attribute: 'environment-id' }) environmentId: string | undefined;
  @property({ attribute: 'project-id' }) projectId: string | undefined;
  @property({ attribute: 'agent-id' }) agentId: string | undefined;
  /** The open conversation; empty for a new one. Updated when sending creates a conversation. */
  @property({ attribute: 'conversation-id' }) conversationId: string | undefined;
  /** Shows the list of conversations beside the transcript. */
  @property({ type: Boolean, reflect: true, attribute: 'show-conversations' }) showConversations = false;
  /** Agents dialect: wait for the whole reply from the synchronous endpoint instead of streaming it. */
  @property({ type: Boolean }) synchronous = false;
  /** The largest file a person may attach, in bytes (default 20 MiB). */
  @property({ type: Number, attribute: 'max-file-size' }) maxFileSize = 20 * 1024 * 1024;
  /** Accepted files, as in `<input accept>`: `.csv,image/*`. Empty accepts every type. */
  @property() accept = '';
  /** Conversations read per page of the list. */
  @property({ type: Number, attribute: 'conversation-page-size' }) conversationPageSize = 30;
  /** `light` or `dark`; follows the system when absent. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;
  /** `compact` tightens spacing. */
  @property({ reflect: true }) density: 'comfortable' | 'compact' | undefined;
  /** The strings table's locale (`en` built in; others added with `registerStrings`). */
  @property() locale: string | undefined;
  /** Strings that replace the locale's, key by key. */
  @property({ attribute: false }) strings: Partial<ConvoStrings> | undefined;
  /**
   * Origins whose images the agent's markdown may load (space-separated in the attribute), and that its
   * charts may load data and images from. Every other image stays a placeholder and every other chart load
   * is refused: a request can leak the conversation through its URL.
   */
  @property({ attribute: 'allowed-image-origins', converter: { fromAttribute: (value: string | null) => (value ?? '').split(/\s+/).filter(Boolean) } })
  allowedImageOrigins: string[] = [];
  /**
   * The IndexedDB database that keeps unsent messages. Elements and tabs with the same name share one
   * outbox, and whichever tab sends delivers all of it: by default the name is made from the connection
   * attributes (dialect, base URL, environment, project or agent), so give a `.client` of another server
   * or account its own name.
   */
  @property({ attribute: 'outbox-database' }) outboxDatabase = '';
  /** Where drafts are kept; an IndexedDB store by default. */
  set draftStore(store: DraftStore) {
    this.drafts.store = store;
  }

  @consume({ context: convoClientContext, subscribe: true })
  @state()
  private providedClient: ConvoClient | undefined;

  @consume({ context: convoStringsContext, subscribe: true })
  @state()
  private providedStrings: Partial<ConvoStrings> | undefined;

  @state() private composerText = '';
  /** The client the attributes describe (its code loads when they first describe one). */
  private readonly attributeClient = new AttributeClient(this, (error) =>
    this.session.reportProblem('load-conversation', error, () => this.attributeClient.update(this)),
  );
  private resolvedStrings: ConvoStrings = resolveStrings(undefined);
  /** True while an input method composes (Enter then confirms a word; it must not send). */
  private composing = false;
  /** The view follows new content unless the person scrolled up to read. */
  private followBottom = true;
  /** The transcript structure the virtual window last saw (rows added or removed since trigger a clean-up). */
  private renderedStructure = -1;
  private resizeFramePending = false;
  @state() private scrolledAway = false;
  /** The person's unsent message being changed in the composer. */
  @state() private editingEntry: TranscriptEntry | undefined;
  /** Focus was on a control inside the chat when this update began (see `updated`). */
  private focusWasInside = false;
  /** Files are being dragged over the chat. */
  @state() private dragging = false;

  private get transcriptElement(): HTMLElement | null {
    return this.renderRoot.querySelector('[part~="transcript"]');
  }

  private get inputElement(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('[part~="input"]');
  }

  /** `outbox-database`, or a name for the connection the attributes describe. */
  get outboxDatabaseName(): string {
    if (this.outboxDatabase !== '') return this.outboxDatabase;
    const account = this.environmentId ?? this.projectId ?? this.agentId ?? '';
    return `convo-elements-outbox ${this.activeClient?.dialect ?? this.dialect ?? ''} ${this.baseUrl ?? ''} ${account}`;
  }

  /** The client in use: `.client`, else a provider's, else one built from the attributes. */
  get activeClient(): ConvoClient | undefined {
    return this.client ?? this.providedClient ?? this.attributeClient.client;
  }

  /** The strings in use (locale table, provider's and element's overrides). */
  get text(): ConvoStrings {
    return this.resolvedStrings;
  }

  constructor() {
    super();
    this.session.takeReturnedText = (returned) => this.takeBackText(returned);
    // Sending into a new conversation creates it: the property follows, and the draft moves with it.
    this.addEventListener(ConvoConversationOpenEvent.eventName, (event) => {
      if (event.target === this) this.conversationId = (event as ConvoConversationOpenEvent).detail.conversationId;
    });
    // A renamed (or newly titled) conversation moves to the top of the list, as the server would order it.
    this.addEventListener(ConvoTitleChangedEvent.eventName, (event) => {
      if (event.target === this) this.sidebar.loaded?.upsert(event.detail.conversationId, event.detail.title);
    });
  }

  /** Sends `text` as if typed; answers whether it was sent (or queued). */
  send(text: string): Promise<boolean> {
    if (this.attributeClient.pending) return this.clientArrived().then(() => this.session.send(text));
    return this.session.send(text);
  }

  /** The attributes' client, still loading, has arrived and reached the session (see `willUpdate`). */
  private async clientArrived(): Promise<void> {
    await this.attributeClient.ready;
    await this.updateComplete;
  }

  /**
   * Stops the reply being written. Text that arrived before the stop is painted in the same frame as
   * "stopping…", so nothing appears after it.
   */
  async stop(): Promise<void> {
    const stopping = this.session.stop();
    await this.updateComplete;
    for (const renderer of this.liveMarkdown) renderer.flush();
    await stopping;
  }

  /** Opens a conversation (`null` or no argument: a new one). */
  async open(conversationId: string | null = null): Promise<void> {
    this.conversationId = conversationId || undefined;
    await this.updateComplete;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.focusWasInside = this.shadowRoot?.activeElement != null;
    if (changed.has('locale') || changed.has('strings') || changed.has('providedStrings' as keyof ConvoChat)) {
      this.resolvedStrings = resolveStrings(this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? undefined, {
        ...this.providedStrings,
        ...this.strings,
      });
    }
    if (CLIENT_ATTRIBUTE_PROPERTIES.some((name) => changed.has(name))) this.attributeClient.update(this);
    const conversationChanged = changed.has('conversationId') && (this.conversationId || null) !== this.session.conversationId;
    if (conversationChanged) {
      this.drafts.flush();
      // An empty attribute (`conversation-id=""`) means a new conversation, like no attribute.
      void this.session.open(this.conversationId || null);
      void this.restoreDraft();
      this.followBottom = true;
      this.scrolledAway = false;
      this.files.loaded?.conversationChanged();
    }
    if (this.activeClient !== this.session.client) this.session.setClient(this.activeClient);
    this.session.synchronous = this.synchronous;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Everything whose size moves the bottom is observed; following the bottom happens in the observer's
    // callback, after layout, so it never forces a layout of its own (a long reply makes that expensive).
    const transcript = this.transcriptElement;
    if (transcript) {
      this.sizes.observe(transcript);
      // The direct children only: a selector query would walk every node of every rendered reply.
      for (const child of transcript.children) if (child.localName === 'div') this.sizes.observe(child);
    }
    // The focused control went away with this update (a quick reply that was sent, a dismissed banner): focus
    // goes to the composer rather than to the start of the page, where a keyboard user would have to start over.
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (this.focusWasInside && this.shadowRoot?.activeElement == null && focusLost) this.inputElement?.focus();
    if (changed.has('composerText' as keyof ConvoChat) && this.inputElement) fitToContent(this.inputElement);
    // A chat that can attach files loads that code once it has painted, so a file dropped or pasted finds it
    // there; the queue and approvals load once the agent first works, before a follow-up is typed.
    if (this.filesSupported) this.files.use();
    if (this.session.busy) this.runPanels.use();
  }

  protected override firstUpdated(): void {
    void this.restoreDraft();
  }

  private async restoreDraft(): Promise<void> {
    const key = this.session.draftKey;
    const text = await this.drafts.restore(key);
    // Only when still on that conversation and the person has not started typing meanwhile.
    if (key !== this.session.draftKey || this.composerText !== '') return;
    // Sent by an earlier page of this tab that went away before the outbox had them: back, before the draft.
    const unsent = takePressed(key);
    this.composerText = [...unsent, text].filter((part) => part !== '').join('\n\n');
    if (unsent.length > 0) this.drafts.update(key, this.composerText);
  }

  private takeBackText(returned: string): void {
    this.composerText = this.composerText === '' ? returned : `${this.composerText}\n\n${returned}`;
    this.drafts.update(this.session.draftKey, this.composerText);
  }

  private handleInput(event: InputEvent): void {
    const input = event.target as HTMLTextAreaElement;
    this.composerText = input.value;
    this.drafts.update(this.session.draftKey, this.composerText);
    fitToContent(input);
  }

  private handleComposerKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    // An Enter that confirms an IME composition is not a send (keyCode 229 covers Safari's late isComposing).
    if (event.isComposing || this.composing || event.keyCode === 229) return;
    event.preventDefault();
    void this.submitComposer();
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.submitComposer();
  }

  private async submitComposer(): Promise<void> {
    const text = this.composerText;
    if (text.trim() === '') return;
    const editing = this.editingEntry;
    if (editing !== undefined) {
      // Not editable any more (it went out meanwhile): the text stays in the composer for the person to decide.
      if (await this.session.edit(editing, text)) {
        this.editingEntry = undefined;
        this.composerText = '';
        void this.restoreDraft();
      }
      return;
    }
    const key = this.session.draftKey;
    this.composerText = '';
    // Noted at once, for this tab, until the outbox holds it: a reload before that (the client's or the
    // outbox's code still loading, an agents conversation being created) puts it back in the composer.
    const pressed = notePressed(key, text);
    // The draft goes now, not once the server has answered (creating a conversation, an offline wait): a
    // reload meanwhile must not bring back into the composer the text the outbox is already sending.
    const draftCleared = this.drafts.clear(key);
    // Whoever sends wants to see the answer: back to the newest message.
    if (!this.followBottom) this.jumpToLatest();
    if (this.attributeClient.pending) await this.clientArrived();
    const sent = await this.session.send(text, this.files.loaded?.takeAttached() ?? [], pressed);
    await draftCleared;
    if (!sent) {
      forgetPressed(pressed);
      // Kept back (a convo-send listener, no client): the text and its draft return.
      if (this.composerText === '') this.composerText = text;
      this.drafts.update(key, this.composerText);
    }
    this.inputElement?.focus();
  }

  /** Only the agents dialect stores files (known from the attributes while their client loads). */
  private get filesSupported(): boolean {
    return (this.activeClient?.dialect ?? (this.attributeClient.pending ? this.attributeClient.dialect : undefined)) === 'agents';
  }

  /** Files dropped, pasted or picked: uploaded once the client and the files code are there. */
  private attach(files: File[]): void {
    if (this.attributeClient.pending) void this.clientArrived().then(() => this.attach(files));
    else this.files.whenReady((feature) => feature.add(files));
  }

  private handlePaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.filesSupported) return;
    // A pasted screenshot attaches; pasted text still goes into the composer.
    if (!event.clipboardData?.types.includes('text/plain')) event.preventDefault();
    this.attach(files);
  }

  private handleDragOver(event: DragEvent): void {
    if (!this.filesSupported || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  private handleDragLeave(event: DragEvent): void {
    // Leaving for a child of the chat is not leaving the chat.
    if (event.relatedTarget instanceof Node && this.renderRoot.contains(event.relatedTarget)) return;
    this.dragging = false;
  }

  private handleDrop(event: DragEvent): void {
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0 || !this.filesSupported) return;
    event.preventDefault();
    this.attach(files);
  }

  private handleFilesChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.attach([...(input.files ?? [])]);
    input.value = '';
  }

  private handleTranscriptScroll(): void {
    const element = this.transcriptElement;
    if (element === null) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    // Only a move up ends following here (the person's intent ends it sooner, see handleTranscriptIntent):
    // rows that grew between a scroll to the bottom and its event leave the view short of it, not away.
    const movedUp = element.scrollTop < this.viewport.scrollTop;
    this.followBottom = distance < FOLLOW_THRESHOLD_PX || (this.followBottom && !movedUp);
    this.scrolledAway = !this.followBottom && this.session.transcript.entries.length > 0;
    this.viewport = { scrollTop: element.scrollTop, height: element.clientHeight, atBottom: this.followBottom };
    this.requestUpdate();
  }

  /** Rows measured (or the transcript resized): the window and the spacers follow. */
  private handleResize(entries: ResizeObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const target = entry.target as HTMLElement;
      const height = entry.borderBoxSize[0]?.blockSize ?? target.offsetHeight;
      if (target === this.transcriptElement) {
        changed ||= height !== this.viewport.height;
        this.viewport = { ...this.viewport, height };
      } else if (target.dataset['key'] !== undefined) {
        changed = this.rowWindow.measure(target.dataset['key'], height) !== 0 || changed;
      }
    }
    // Rows grew (markdown rendered into them): stay pinned before this frame paints.
    if (this.followBottom) this.scrollToLatest();
    // Re-rendering inside the observer's callback would resize rows again within the same frame.
    if (changed && !this.resizeFramePending) {
      this.resizeFramePending = true;
      requestAnimationFrame(() => {
        this.resizeFramePending = false;
        this.requestUpdate();
      });
    }
  }

  private jumpToLatest(): void {
    this.followBottom = true;
    this.scrolledAway = false;
    this.viewport = { ...this.viewport, atBottom: true };
    this.requestUpdate();
    this.scrollToLatest();
  }

  private scrollToLatest(): void {
    const element = this.transcriptElement;
    if (element) element.scrollTop = element.scrollHeight;
  }

  /**
   * The person reached for the transcript (wheel up, touch, keys, the scrollbar): stop following at once,
   * before the scroll event arrives, so a streaming update cannot pull the view back down. Reaching the
   * bottom again resumes following (see the scroll handler).
   */
  private handleTranscriptIntent(event: Event): void {
    if (event instanceof WheelEvent && event.deltaY >= 0) return;
    if (event instanceof KeyboardEvent && !['ArrowUp', 'PageUp', 'Home'].includes(event.key)) return;
    // A press on the scrollbar targets the transcript itself; one on a message's button is not a scroll.
    if (event.type === 'pointerdown' && event.target !== event.currentTarget) return;
    this.followBottom = false;
  }

  /** Renderers of rows in the DOM, so a stop can paint what they hold at once. */
  private readonly liveMarkdown = new Set<StreamingMarkdown>();

  /** The agent's text: incremental, sanitised markdown in the element's language. */
  private readonly markdownText: TextRendererFactory = (container) => {
    const { copyCode, copyCodeLabel, codeBlock, image, imageNotLoaded } = this.text;
    const markdown = new StreamingMarkdown(container, {
      allowedImageOrigins: this.allowedImageOrigins,
      strings: { copyCode, copyCodeLabel, codeBlock, image, imageNotLoaded },
      onCopyRequest: (request) => copyCodeToClipboard(request, this.text),
    });
    this.liveMarkdown.add(markdown);
    return {
      append: (suffix) => markdown.append(suffix),
      replace: (text) => markdown.replace(text),
      finish: () => markdown.finish(),
      dispose: () => {
        markdown.dispose();
        this.liveMarkdown.delete(markdown);
      },
    };
  };

  /** A chart in a reply: drawn by the chart code once it has loaded (the first chart loads it). */
  private readonly renderChart: ChartRenderer = (part, ready, settings) => this.charts.use()?.(part, ready, settings) ?? chartPlaceholder(settings.strings);

  /** Tool calls, reasoning, files, suggested replies and sources: their code loads with the first of them. */
  private readonly useReplyParts = (): ReplyPartRenderers | undefined => this.replyParts.use();

  private readonly entryActions: EntryActions = {
    retry: (entry) => void this.session.retry(entry),
    discard: (entry) => void this.session.discard(entry),
    canEdit: (entry) => this.session.canEdit(entry),
    edit: (entry) => this.startEditing(entry),
    quickReply: (text) => void this.session.send(text),
    download: (part: AttachmentPart) => this.files.whenReady((feature) => feature.downloadAttachment(part)),
    retryReply: () => this.retryLastMessage(),
  };

  /** The person's unsent message goes into the composer; sending saves the change instead of sending anew. */
  private startEditing(entry: TranscriptEntry): void {
    this.editingEntry = entry;
    this.composerText = entry.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    this.inputElement?.focus();
  }

  private cancelEditing(): void {
    this.editingEntry = undefined;
    this.composerText = '';
    void this.restoreDraft();
  }

  /** A failed reply's retry: sends the person's last message again. */
  private retryLastMessage(): void {
    const entries = this.session.transcript.entries;
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const entry = entries[index]!;
      if (entry.role !== 'user') continue;
      const part = entry.parts[0];
      if (part?.kind === 'text') void this.session.send(part.text);
      return;
    }
  }

  private renderHeader(): TemplateResult {
    const label = this.showConversations ? this.text.hideConversations : this.text.showConversations;
    return html`<header part="header">
      <button
        part="button conversations-toggle"
        type="button"
        aria-controls="sidebar"
        aria-expanded=${this.showConversations ? 'true' : 'false'}
        aria-label=${label}
        title=${label}
        @click=${() => (this.showConversations = !this.showConversations)}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" /></svg>
      </button>
      <slot name="header"><h2 part="title" id="title" dir="auto">${this.session.title ?? this.text.newConversation}</h2></slot>
      <slot name="header-actions"></slot>
      ${this.filesSupported && this.session.conversationId !== null
        ? html`<button
            part="button files-toggle"
            type="button"
            aria-expanded=${this.files.loaded?.showFiles ? 'true' : 'false'}
            aria-controls="files"
            @click=${() => this.files.whenReady((feature) => void feature.toggle())}
          >
            ${this.text.files}
          </button>`
        : nothing}
    </header>`;
  }

  private renderTranscript(): TemplateResult {
    const { transcript, runState } = this.session;
    const entries = transcript.entries;
    const last = entries[entries.length - 1];
    const waitingForText = (runState !== 'idle' || this.session.followingElsewhere) && (last === undefined || last.role === 'user' || last.parts.length === 0);
    const keys = entries.map((entry) => entry.key);
    if (this.renderedStructure !== transcript.structureVersion) {
      this.renderedStructure = transcript.structureVersion;
      this.rowWindow.retain(keys);
    }
    // Only rows near the viewport are in the DOM; spacers keep the scroll height honest.
    const window = this.rowWindow.compute(keys, { ...this.viewport, atBottom: this.followBottom });
    const visible = entries.slice(window.start, window.end);
    const chartOrigins = normalizeOrigins(this.allowedImageOrigins);
    return html`<div part="transcript" role="log" aria-live="off" aria-labelledby="title" tabindex="0"
      @scroll=${this.handleTranscriptScroll}
      @wheel=${this.handleTranscriptIntent}
      @touchstart=${this.handleTranscriptIntent}
      @pointerdown=${this.handleTranscriptIntent}
      @keydown=${this.handleTranscriptIntent}
    >
      ${entries.length === 0 && !this.session.loading ? this.renderEmpty() : nothing}
      <div class="spacer" ${spacerHeight(window.before)}></div>
      ${repeat(
        visible,
        (entry) => entry.key,
        (entry) =>
          html`<div class="row" data-key=${entry.key}>
            ${renderEntry(entry, { strings: this.text, actions: this.entryActions, agentText: this.markdownText, chart: this.renderChart, replyParts: this.useReplyParts, busy: this.session.busy, isLast: entry === last, chartOrigins })}
          </div>`,
      )}
      <div class="spacer" ${spacerHeight(window.after)}></div>
      ${waitingForText ? html`<div part="typing" role="status">${this.text.thinking}</div>` : nothing}
      ${this.session.reconnecting ? html`<div part="reconnecting" role="status">${this.text.reconnecting}</div>` : nothing}
    </div>`;
  }

  private renderEmpty(): TemplateResult {
    return html`<div part="empty">
      <slot name="empty">
        <p class="empty-title" dir="auto">${this.text.emptyTitle}</p>
        <p class="empty-body" dir="auto">${this.text.emptyBody}</p>
      </slot>
    </div>`;
  }

  private renderProblem(): TemplateResult | typeof nothing {
    const problem = this.session.problem;
    if (problem === undefined) return nothing;
    return html`<div part="problem" role="alert">
      <span>${problem.message}</span>
      ${problem.retry
        ? html`<button part="button retry-button" type="button" @click=${() => {
            this.session.dismissProblem();
            problem.retry?.();
          }}>${this.text.retry}</button>`
        : nothing}
      <button part="button dismiss-button" type="button" @click=${() => this.session.dismissProblem()}>${this.text.dismiss}</button>
    </div>`;
  }

  private renderComposer(): TemplateResult {
    const { runState } = this.session;
    const working = runState !== 'idle';
    // A client on its way counts: what the person sends meanwhile waits for it.
    const connected = this.activeClient !== undefined || this.attributeClient.pending;
    return html`<form part="composer" @submit=${this.handleSubmit}>
      <textarea
        part="input"
        rows="1"
        dir="auto"
        aria-label=${this.text.composerLabel}
        placeholder=${connected ? this.text.composerPlaceholder : this.text.notConfigured}
        ?disabled=${!connected}
        .value=${this.composerText}
        @input=${this.handleInput}
        @keydown=${this.handleComposerKeydown}
        @compositionstart=${() => (this.composing = true)}
        @compositionend=${() => (this.composing = false)}
        @paste=${this.handlePaste}
      ></textarea>
      ${this.filesSupported
        ? html`<input part="file-input" id="file-input" type="file" multiple accept=${this.accept} hidden @change=${this.handleFilesChosen} />
            <button
              part="button attach-button"
              type="button"
              aria-label=${this.text.attachFiles}
              title=${this.text.attachFiles}
              ?disabled=${!connected}
              @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#file-input')?.click()}
            >
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                <path d="M10.5 4.5 5.8 9.2a1.3 1.3 0 0 0 1.9 1.9l4.9-4.9a2.6 2.6 0 0 0-3.7-3.7L4 7.4a3.9 3.9 0 0 0 5.5 5.5l4-4" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linecap="round" />
              </svg>
            </button>`
        : nothing}
      ${working
        ? html`<button part="button stop-button" type="button" ?disabled=${runState === 'stopping'} @click=${() => void this.stop()}>
            ${runState === 'stopping' ? this.text.stopping : this.text.stop}
          </button>`
        : nothing}
      ${this.editingEntry !== undefined
        ? html`<button part="button cancel-edit-button" type="button" @click=${this.cancelEditing}>${this.text.queueCancelEdit}</button>`
        : nothing}
      <button part="button send-button" type="submit" ?disabled=${!connected || this.composerText.trim() === ''}>
        ${this.editingEntry === undefined ? this.text.send : this.text.queueSave}
      </button>
    </form>`;
  }

  protected override render(): TemplateResult {
    return html`<div part="frame">
      ${this.showConversations ? (this.sidebar.use()?.render() ?? nothing) : nothing}
      <section
        part="main"
        aria-labelledby="title"
        @dragover=${this.handleDragOver}
        @dragleave=${this.handleDragLeave}
        @drop=${this.handleDrop}
      >
        ${this.renderHeader()} ${this.files.loaded?.renderFilesPanel() ?? nothing} ${this.renderTranscript()}
        ${this.dragging ? html`<div part="drop-zone" aria-hidden="true">${this.text.dropFilesHere}</div>` : nothing}
        ${this.scrolledAway
          ? html`<button part="button jump-to-latest" type="button" @click=${this.jumpToLatest}>${this.text.jumpToLatest}</button>`
          : nothing}
        <div class="visually-hidden" role="status" aria-live="polite">${this.session.announcement}</div>
        ${this.renderProblem()} ${this.session.approvals.length > 0 || this.session.queue.length > 0 ? (this.runPanels.use()?.render() ?? nothing) : nothing}
        ${this.files.loaded?.renderUploads() ?? nothing}
        ${this.drafts.persistent && this.session.outboxPersistent ? nothing : html`<p part="storage-note">${this.text.draftsNotSaved}</p>`}
        ${this.renderComposer()}
      </section>
    </div>`;
  }
}

/** Grows the composer with its text up to its CSS `max-height`, then it scrolls. */
function fitToContent(input: HTMLTextAreaElement): void {
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight + 2}px`;
}
