/**
 * Builds a client from the attributes a page wrote (`base-url`, `token`, `dialect`, ids): the attributes-only
 * way to use the elements, and what the script-tag embed does. Answers `undefined` until the attributes
 * are enough to talk to a server.
 */
import { createClient, type ConvoClient } from '../../api/client.js';

export interface ClientAttributes {
  baseUrl: string | undefined;
  token: string | undefined;
  dialect: string | undefined;
  environmentId: string | undefined;
  projectId: string | undefined;
  agentId: string | undefined;
}

export function clientFromAttributes(attributes: ClientAttributes): ConvoClient | undefined {
  const { baseUrl, token, environmentId, projectId, agentId } = attributes;
  if (!baseUrl) return undefined;
  const dialect = attributes.dialect ?? (agentId ? 'agents' : 'posthog');
  if (dialect === 'agents') {
    if (!agentId) return undefined;
    return createClient({ baseUrl, token, dialect: 'agents', agentId });
  }
  if (dialect !== 'posthog' || (!environmentId && !projectId)) return undefined;
  return createClient({ baseUrl, token, dialect: 'posthog', environmentId, projectId });
}

/** The attribute-backed properties that feed `clientFromAttributes`, to know when to rebuild. */
export const CLIENT_ATTRIBUTE_PROPERTIES = ['baseUrl', 'token', 'dialect', 'environmentId', 'projectId', 'agentId'] as const;
