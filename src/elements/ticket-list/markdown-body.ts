/**
 * A comment's markdown, rendered once into its element by the shared renderer (the one `<convo-chat>` streams
 * with). Comments arrive whole, so the text is handed over and flushed at once; an edited comment re-renders
 * only from its first changed block.
 */
import { nothing } from "lit";
import { AsyncDirective } from "lit/async-directive.js";
import {
  directive,
  PartType,
  type ElementPart,
  type PartInfo,
} from "lit/directive.js";
import { StreamingMarkdown } from "../../markdown/index.js";

class MarkdownBodyDirective extends AsyncDirective {
  private renderer: StreamingMarkdown | undefined;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT)
      throw new Error("markdownBody() belongs on an element");
  }

  render(_text: string): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [text]: [string]): typeof nothing {
    this.renderer ??= new StreamingMarkdown(part.element as HTMLElement);
    this.renderer.replace(text);
    this.renderer.finish();
    this.renderer.flush();
    return nothing;
  }

  protected override disconnected(): void {
    this.renderer?.dispose();
    this.renderer = undefined;
  }
}

export const markdownBody = directive(MarkdownBodyDirective);
