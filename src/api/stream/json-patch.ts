/**
 * JSON Patch (RFC 6902) for the agents server's message deltas, plus its two extensions: `inc` adds a number
 * and `concat_string` appends to a string (how reply text grows). Operations change the document in place,
 * so a long reply costs O(path depth) per delta, not O(message). Each operation checks everything it needs
 * before it changes anything: a failing operation leaves the document as it was.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

export class JsonPatchError extends Error {
  constructor(
    message: string,
    readonly operation: PatchOperation,
  ) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

type Container = JsonValue[] | { [key: string]: JsonValue };

/**
 * Pointers already parsed: a streamed reply patches the same few paths (`/content/0/text`) tens of thousands
 * of times, and each operation needs its tokens several times over.
 */
const parsedPointers = new Map<string, readonly string[]>();
const PARSED_POINTERS_KEPT = 256;

/** RFC 6901: `/a/b~1c/~0d` → `['a', 'b/c', '~d']`. */
export function parsePointer(pointer: string): readonly string[] {
  const parsed = parsedPointers.get(pointer);
  if (parsed !== undefined) return parsed;
  const tokens = Object.freeze(tokensOf(pointer));
  if (parsedPointers.size >= PARSED_POINTERS_KEPT) parsedPointers.clear();
  parsedPointers.set(pointer, tokens);
  return tokens;
}

function tokensOf(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new SyntaxError(`Not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) return -1;
  const index = Number(token);
  return index < length || (allowEnd && index === length) ? index : -1;
}

/** Walks to the container holding the pointer's last token. */
function resolveParent(root: JsonValue, tokens: readonly string[], operation: PatchOperation): { parent: Container; key: string } {
  let node: JsonValue = root;
  for (let i = 0; i < tokens.length - 1; i += 1) {
    const token = tokens[i]!;
    if (Array.isArray(node)) {
      const index = arrayIndex(token, node.length, false);
      if (index < 0) throw new JsonPatchError(`No index ${token} in ${operation.path}`, operation);
      node = node[index]!;
    } else if (isContainer(node) && Object.prototype.hasOwnProperty.call(node, token)) {
      node = node[token]!;
    } else {
      throw new JsonPatchError(`Path ${operation.path} does not exist`, operation);
    }
  }
  if (!isContainer(node)) throw new JsonPatchError(`Path ${operation.path} does not lead into an object or array`, operation);
  return { parent: node, key: tokens[tokens.length - 1]! };
}

function read(root: JsonValue, pointer: string, operation: PatchOperation): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return root;
  const { parent, key } = resolveParent(root, tokens, operation);
  if (Array.isArray(parent)) {
    const index = arrayIndex(key, parent.length, false);
    if (index < 0) throw new JsonPatchError(`No index ${key} in ${pointer}`, operation);
    return parent[index]!;
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`Path ${pointer} does not exist`, operation);
  return parent[key]!;
}

function exists(root: JsonValue, pointer: string, operation: PatchOperation): boolean {
  try {
    read(root, pointer, operation);
    return true;
  } catch {
    return false;
  }
}

function add(root: JsonValue, pointer: string, value: JsonValue, operation: PatchOperation): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(root, tokens, operation);
  if (Array.isArray(parent)) {
    const index = arrayIndex(key, parent.length, true);
    if (index < 0) throw new JsonPatchError(`Index ${key} out of bounds in ${pointer}`, operation);
    parent.splice(index, 0, value);
  } else {
    parent[key] = value;
  }
  return root;
}

function remove(root: JsonValue, pointer: string, operation: PatchOperation): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new JsonPatchError('Cannot remove the whole document', operation);
  const { parent, key } = resolveParent(root, tokens, operation);
  if (Array.isArray(parent)) {
    const index = arrayIndex(key, parent.length, false);
    if (index < 0) throw new JsonPatchError(`No index ${key} in ${pointer}`, operation);
    parent.splice(index, 1);
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`Path ${pointer} does not exist`, operation);
    delete parent[key];
  }
  return root;
}

/** Replaces an existing value (the target must exist). */
function replace(root: JsonValue, pointer: string, value: JsonValue, operation: PatchOperation): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(root, tokens, operation);
  if (Array.isArray(parent)) {
    const index = arrayIndex(key, parent.length, false);
    if (index < 0) throw new JsonPatchError(`No index ${key} in ${pointer}`, operation);
    parent[index] = value;
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`Path ${pointer} does not exist`, operation);
    parent[key] = value;
  }
  return root;
}

/** Sets a value whether or not it exists (for the extensions, which create what is missing). */
function put(root: JsonValue, pointer: string, value: JsonValue, operation: PatchOperation): JsonValue {
  return exists(root, pointer, operation) ? replace(root, pointer, value, operation) : add(root, pointer, value, operation);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key]));
}

function clone(value: JsonValue): JsonValue {
  return isContainer(value) ? (JSON.parse(JSON.stringify(value)) as JsonValue) : value;
}

function requireValue(operation: PatchOperation): JsonValue {
  if (!('value' in operation) || operation.value === undefined) throw new JsonPatchError(`${operation.op} needs a value`, operation);
  // Values come from JSON.parse, so they are JSON; the clone keeps the caller's object out of the document.
  return clone(operation.value as JsonValue);
}

function requireFrom(operation: PatchOperation): string {
  if (typeof operation.from !== 'string') throw new JsonPatchError(`${operation.op} needs a from`, operation);
  return operation.from;
}

/**
 * Applies one operation and answers the document (a new root only when the operation replaced the root).
 * Throws `JsonPatchError` (document unchanged) when the operation cannot apply.
 */
export function applyPatchOperation(document: JsonValue, operation: PatchOperation): JsonValue {
  let tokens: readonly string[];
  try {
    tokens = parsePointer(operation.path);
  } catch (error) {
    throw new JsonPatchError((error as Error).message, operation);
  }
  switch (operation.op) {
    case 'add':
      return add(document, operation.path, requireValue(operation), operation);
    case 'remove':
      return remove(document, operation.path, operation);
    case 'replace':
      return replace(document, operation.path, requireValue(operation), operation);
    case 'move': {
      const from = requireFrom(operation);
      if (operation.path === from) return document;
      if (operation.path.startsWith(`${from}/`)) throw new JsonPatchError('Cannot move a value into itself', operation);
      const value = read(document, from, operation);
      // Check the destination before removing the source, so a failing move changes nothing.
      if (tokens.length > 0) resolveParent(document, tokens, operation);
      return add(remove(document, from, operation), operation.path, value, operation);
    }
    case 'copy':
      return add(document, operation.path, clone(read(document, requireFrom(operation), operation)), operation);
    case 'test':
      if (!deepEqual(read(document, operation.path, operation), operation.value)) throw new JsonPatchError(`Test failed at ${operation.path}`, operation);
      return document;
    case 'inc': {
      const amount = operation.value;
      if (typeof amount !== 'number') throw new JsonPatchError('inc needs a numeric value', operation);
      const current = exists(document, operation.path, operation) ? read(document, operation.path, operation) : 0;
      if (typeof current !== 'number') throw new JsonPatchError(`inc target ${operation.path} is not a number`, operation);
      return put(document, operation.path, current + amount, operation);
    }
    case 'concat_string': {
      const suffix = operation.value;
      if (typeof suffix !== 'string') throw new JsonPatchError('concat_string needs a string value', operation);
      const current = exists(document, operation.path, operation) ? read(document, operation.path, operation) : '';
      if (current !== null && typeof current !== 'string') throw new JsonPatchError(`concat_string target ${operation.path} is not a string`, operation);
      return put(document, operation.path, (current ?? '') + suffix, operation);
    }
    default:
      throw new JsonPatchError(`Unknown operation ${operation.op}`, operation);
  }
}
