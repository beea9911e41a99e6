import { nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets a spacer's height, in pixels, through the CSSOM: allowed under a strict `style-src` policy, as
 * `styleMap` is, without its general machinery in the first-paint bundle.
 */
class SpacerHeight extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('spacerHeight() goes on an element');
  }

  render(_pixels: number): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [pixels]: [number]): typeof nothing {
    (part.element as HTMLElement).style.height = `${pixels}px`;
    return nothing;
  }
}

export const spacerHeight = directive(SpacerHeight);
