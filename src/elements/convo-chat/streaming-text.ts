/**
 * A Lit directive on the element that shows one text part: it hands the renderer only the pieces appended
 * since the last render, and starts it over only when the text was replaced. Virtualised rows that come
 * back into view get a new directive, which renders the whole text once.
 */
import { nothing } from 'lit';
import { AsyncDirective } from 'lit/async-directive.js';
import { directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { TranscriptEntry } from './transcript-model.js';

/** What renders streamed text into a container (the markdown renderer implements it). */
export interface TextRenderer {
  append(suffix: string): void;
  replace(text: string): void;
  finish(): void;
  /** Stops pending work when the row leaves the DOM. */
  dispose?(): void;
}

export type TextRendererFactory = (container: HTMLElement) => TextRenderer;

/** Text as typed, kept in text nodes: for the person's own messages, reasoning and anything not markdown. */
export class PlainTextRenderer implements TextRenderer {
  constructor(private readonly container: HTMLElement) {}

  append(suffix: string): void {
    if (suffix !== '') this.container.append(suffix);
  }

  replace(text: string): void {
    this.container.textContent = text;
  }

  finish(): void {
    this.container.normalize();
  }
}

export const plainText: TextRendererFactory = (container) => new PlainTextRenderer(container);

class StreamingTextDirective extends AsyncDirective {
  private renderer: TextRenderer | undefined;
  private renderedResets = -1;
  private consumedChunks = 0;
  private finished = false;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('streamingText() belongs on an element');
  }

  render(_entry: TranscriptEntry, _partIndex: number, _factory: TextRendererFactory): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [entry, partIndex, factory]: [TranscriptEntry, number, TextRendererFactory]): typeof nothing {
    const source = entry.parts[partIndex];
    const text = source !== undefined && 'text' in source && typeof source.text === 'string' ? source.text : '';
    const chunks = entry.textChunks[partIndex] ?? [];
    const resets = entry.textResets[partIndex] ?? 0;
    this.renderer ??= factory(part.element as HTMLElement);
    if (resets !== this.renderedResets) {
      this.renderer.replace(text);
      this.renderedResets = resets;
      this.finished = false;
    } else if (chunks.length > this.consumedChunks) {
      // A finished renderer takes no appends (text after completion is rare: a late final message).
      if (this.finished) this.renderer.replace(text);
      else this.renderer.append(chunks.length - this.consumedChunks === 1 ? chunks[chunks.length - 1]! : chunks.slice(this.consumedChunks).join(''));
    }
    this.consumedChunks = chunks.length;
    if (entry.complete && !this.finished) {
      this.renderer.finish();
      this.finished = true;
    }
    return nothing;
  }

  /** The row left the DOM: pending frames stop; if it comes back, the next update renders it afresh. */
  protected override disconnected(): void {
    this.renderer?.dispose?.();
    this.renderer = undefined;
    this.renderedResets = -1;
    this.consumedChunks = 0;
    this.finished = false;
  }
}

/** `<div ${streamingText(entry, index, factory)}></div>`: the part's text, rendered incrementally. */
export const streamingText = directive(StreamingTextDirective);
