/**
 * Registers `<convo-chat>` (once, even when two copies of this module load). `<convo-provider>`, which hands
 * one client to every element inside it, has its own entry: `convo-elements/convo-provider`.
 */
import { ConvoChat } from './convo-chat.js';

if (!customElements.get('convo-chat')) customElements.define('convo-chat', ConvoChat);

declare global {
  interface HTMLElementTagNameMap {
    'convo-chat': ConvoChat;
  }
}

export { ConvoChat };
