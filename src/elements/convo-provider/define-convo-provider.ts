/** Registers `<convo-provider>` (once, even when two copies of this module load). */
import { ConvoProvider } from './convo-provider.js';

if (!customElements.get('convo-provider')) customElements.define('convo-provider', ConvoProvider);

declare global {
  interface HTMLElementTagNameMap {
    'convo-provider': ConvoProvider;
  }
}

export { ConvoProvider };
