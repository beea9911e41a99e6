/**
 * The context keys a `<convo-provider>` (or any host element) uses to hand the elements below it a client
 * and a strings table, so a page configures them once.
 */
import { createContext } from '@lit/context';
import type { ConvoClient } from '../api/client.js';
import type { ConvoStrings } from '../strings/strings.js';

export const convoClientContext = createContext<ConvoClient | undefined>(Symbol.for('convo-elements.client'));

/** A partial table: the keys given replace the element's locale's strings. */
export const convoStringsContext = createContext<Partial<ConvoStrings> | undefined>(Symbol.for('convo-elements.strings'));
