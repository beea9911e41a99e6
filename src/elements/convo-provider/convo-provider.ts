import { provide } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ConvoClient } from '../../api/client.js';
import { convoClientContext, convoStringsContext } from '../../context/convo-context.js';
import type { ConvoStrings } from '../../strings/strings.js';
import { AttributeClient, CLIENT_ATTRIBUTE_PROPERTIES } from '../convo-chat/client-settings.js';

/**
 * Hands one client (and optionally a strings table) to every convo element inside it, so a page configures
 * the connection once. Give it a `.client`, or the same attributes `<convo-chat>` takes.
 *
 * @summary Shares a client and strings with the convo elements inside it.
 * @slot - The elements that use the client.
 */
export class ConvoProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** A client built by the page; wins over the attributes. */
  @property({ attribute: false }) client: ConvoClient | undefined;
  @property({ attribute: 'base-url' }) baseUrl: string | undefined;
  @property() token: string | undefined;
  @property() dialect: 'posthog' | 'agents' | undefined;
  @property({ attribute: 'environment-id' }) environmentId: string | undefined;
  @property({ attribute: 'project-id' }) projectId: string | undefined;
  @property({ attribute: 'agent-id' }) agentId: string | undefined;
  /** Strings that replace the built-in ones in every element inside. */
  @property({ attribute: false }) strings: Partial<ConvoStrings> | undefined;

  @provide({ context: convoClientContext }) protected providedClient: ConvoClient | undefined;
  @provide({ context: convoStringsContext }) protected providedStrings: Partial<ConvoStrings> | undefined;

  /**
   * The client the attributes describe (its code loads when they first describe one). Client code that could
   * not load leaves the elements inside unconnected, as incomplete attributes do: they say so.
   */
  private readonly attributeClient = new AttributeClient(this, () => undefined);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (CLIENT_ATTRIBUTE_PROPERTIES.some((name) => changed.has(name))) this.attributeClient.update(this);
    this.providedClient = this.client ?? this.attributeClient.client;
    this.providedStrings = this.strings;
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
