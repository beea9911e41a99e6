/** Registers `<convo-chat>` and `<convo-provider>` (once, even when two copies of this module load). */
import { ConvoChat } from './convo-chat.js';
import { ConvoProvider } from './convo-provider.js';

if (!customElements.get('convo-chat')) customElements.define('convo-chat', ConvoChat);
if (!customElements.get('convo-provider')) customElements.define('convo-provider', ConvoProvider);

declare global {
  interface HTMLElementTagNameMap {
    'convo-chat': ConvoChat;
    'convo-provider': ConvoProvider;
  }
}

export { ConvoChat, ConvoProvider };
