/**
 * Time as the inbox shows it: a ticket's SLA state (the same three buckets as the server's `sla` filter, so a
 * row never disagrees with the filter that listed it) and short, locale-aware durations.
 */

/** The server's `at-risk`: due within an hour. */
export const AT_RISK_WINDOW_MS = 60 * 60 * 1000;

export type SlaKind = "none" | "on-track" | "at-risk" | "breached";

export interface SlaState {
  kind: SlaKind;
  /** Time left until the due date (negative once breached); `null` without a due date. */
  remainingMs: number | null;
}

export function slaState(
  dueAt: string | null | undefined,
  now: number,
): SlaState {
  const due = dueAt ? Date.parse(dueAt) : NaN;
  if (Number.isNaN(due)) return { kind: "none", remainingMs: null };
  const remainingMs = due - now;
  if (remainingMs <= 0) return { kind: "breached", remainingMs };
  if (remainingMs <= AT_RISK_WINDOW_MS) return { kind: "at-risk", remainingMs };
  return { kind: "on-track", remainingMs };
}

const UNITS: readonly { unit: "day" | "hour" | "minute"; ms: number }[] = [
  { unit: "day", ms: 24 * 60 * 60 * 1000 },
  { unit: "hour", ms: 60 * 60 * 1000 },
  { unit: "minute", ms: 60 * 1000 },
];

const durationFormats = new Map<string, Map<string, Intl.NumberFormat>>();

function durationFormat(locale: string, unit: string): Intl.NumberFormat {
  let byUnit = durationFormats.get(locale);
  if (!byUnit) durationFormats.set(locale, (byUnit = new Map()));
  let format = byUnit.get(unit);
  if (!format)
    byUnit.set(
      unit,
      (format = new Intl.NumberFormat(locale, {
        style: "unit",
        unit,
        unitDisplay: "short",
      })),
    );
  return format;
}

/**
 * A duration in its largest whole unit, rounded down: `3 days`, `5 hr`, `12 min`; under a minute is `0 min`.
 * The sign is dropped; callers say "ago" or "in" with their own words.
 */
export function formatDuration(ms: number, locale = "en"): string {
  const size = Math.abs(ms);
  const { unit, ms: unitMs } =
    UNITS.find((candidate) => size >= candidate.ms) ?? UNITS[UNITS.length - 1]!;
  return durationFormat(locale, unit).format(Math.floor(size / unitMs));
}
