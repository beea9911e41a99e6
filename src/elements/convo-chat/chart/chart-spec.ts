/**
 * A chart specification as the agent wrote it: model output, so it is read defensively. It is parsed once,
 * when its item is complete (a half-streamed spec is not JSON), and the parsed form is kept per source text
 * so a row that scrolls back into view does not parse it again.
 */

/** A parsed Vega or Vega-Lite specification (a JSON object). */
export type ChartSpec = Record<string, unknown>;

export type ChartFormat = 'vega' | 'vega-lite';

export type ParsedChart =
  | { ok: true; spec: ChartSpec; format: ChartFormat; label: string | undefined }
  | { ok: false; problem: 'invalid-json' | 'not-an-object'; detail: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A spec's title as text: Vega-Lite titles are a string, lines, or `{text}` with the same shapes. */
function titleText(title: unknown): string | undefined {
  const text = isObject(title) ? title['text'] : title;
  if (typeof text === 'string') return text.trim() || undefined;
  if (Array.isArray(text)) return text.filter((line): line is string => typeof line === 'string').join(' ').trim() || undefined;
  return undefined;
}

/**
 * What the chart shows, for its accessible name: the spec's `description`, else its title. Screen reader
 * users get the author's summary rather than a list of marks.
 */
function chartLabel(spec: ChartSpec): string | undefined {
  const description = spec['description'];
  if (typeof description === 'string' && description.trim() !== '') return description.trim();
  return titleText(spec['title']);
}

const parsedBySource = new Map<string, ParsedChart>();
/** Parsed specs kept for rows that scroll back into view; a transcript rarely holds more charts. */
const PARSED_KEPT = 32;

function parse(raw: string, format: string): ParsedChart {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, problem: 'invalid-json', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!isObject(value)) return { ok: false, problem: 'not-an-object', detail: `a JSON ${Array.isArray(value) ? 'array' : typeof value}` };
  // vega-embed reads `usermeta.embedOptions` as options that override the page's own (the loader, the
  // expression evaluator, the actions menu): a spec must not choose how it is drawn, so they are dropped.
  const spec: ChartSpec = { ...value };
  delete spec['usermeta'];
  return { ok: true, spec, format: format === 'vega' ? 'vega' : 'vega-lite', label: chartLabel(spec) };
}

/** The spec in `raw`, parsed once per distinct source text. `format` is the item's `sub_type`. */
export function parseChartSpec(raw: string, format: string): ParsedChart {
  const key = `${format}\n${raw}`;
  const known = parsedBySource.get(key);
  if (known !== undefined) return known;
  const parsed = parse(raw, format);
  if (parsedBySource.size >= PARSED_KEPT) parsedBySource.delete(parsedBySource.keys().next().value!);
  parsedBySource.set(key, parsed);
  return parsed;
}
