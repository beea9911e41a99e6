/**
 * Builds a client from the attributes a page wrote (`base-url`, `token`, `dialect`, ids): the attributes-only
 * way to use the elements, and what the script-tag embed does.
 *
 * The client's code (HTTP, retries, both dialects' resources) is a chunk of its own, loaded when an element
 * first has attributes enough to talk to a server: a page that hands its elements a client (`.client`, or a
 * provider's) has that code already, and a page that does not needs it only to reach the server, which
 * happens after the element has painted.
 */
import type { ReactiveControllerHost } from 'lit';
import type { ClientOptions, ConvoClient } from '../../api/client.js';
import type { Dialect } from '../../api/types.js';
import { loadOnce } from '../../api/load-once.js';

export interface ClientAttributes {
  baseUrl: string | undefined;
  token: string | undefined;
  dialect: string | undefined;
  environmentId: string | undefined;
  projectId: string | undefined;
  agentId: string | undefined;
}

/** The attribute-backed properties that feed `AttributeClient`, to know when to rebuild. */
export const CLIENT_ATTRIBUTE_PROPERTIES = ['baseUrl', 'token', 'dialect', 'environmentId', 'projectId', 'agentId'] as const;

type ClientCode = typeof import('../../api/client.js');
/** Once loaded, later clients are built at once, as the attributes change. */
let clientCode: ClientCode | undefined;
const loadClientCode = loadOnce(async () => (clientCode = await import('../../api/client.js')), 'the client');

/** The client options the attributes describe; `undefined` until they are enough to talk to a server. */
function optionsFromAttributes(attributes: ClientAttributes): ClientOptions | undefined {
  const { baseUrl, token, environmentId, projectId, agentId } = attributes;
  if (!baseUrl) return undefined;
  const dialect = attributes.dialect ?? (agentId ? 'agents' : 'posthog');
  if (dialect === 'agents') return agentId ? { baseUrl, token, dialect: 'agents', agentId } : undefined;
  if (dialect !== 'posthog' || (!environmentId && !projectId)) return undefined;
  return { baseUrl, token, dialect: 'posthog', environmentId, projectId };
}

/** The client an element's attributes describe, rebuilt when they change; the host updates once it is there. */
export class AttributeClient {
  /** The client for the latest attributes, once built. */
  client: ConvoClient | undefined;
  /** A client for the latest attributes is on its way (its code is loading). */
  pending = false;
  /** The dialect the latest attributes describe, known before their client is built. */
  dialect: Dialect | undefined;
  /** Settles once the client for the latest attributes is built, or could not be. */
  ready: Promise<void> = Promise.resolve();
  private builds = 0;

  /** `onError` hears of client code that could not load (the page is offline). */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The attributes changed (read now): a client for them is built, and any older build is dropped. */
  update(attributes: ClientAttributes): void {
    const build = (this.builds += 1);
    const options = optionsFromAttributes(attributes);
    this.dialect = options?.dialect;
    this.pending = options !== undefined && clientCode === undefined;
    this.ready = Promise.resolve();
    if (options === undefined) {
      this.client = undefined;
      return;
    }
    if (clientCode !== undefined) {
      this.client = clientCode.createClient(options);
      return;
    }
    this.ready = loadClientCode().then(
      ({ createClient }) => {
        if (build !== this.builds) return;
        this.client = createClient(options);
        this.pending = false;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (build !== this.builds) return;
        this.pending = false;
        this.host.requestUpdate();
        this.onError(error);
      },
    );
  }
}
