/**
 * The inbox's keyboard triage: one table maps keys to actions, so the key handler and the help overlay can
 * never disagree about what a key does.
 */
import type { TicketPriority, TicketStatus } from "../../api/wire-posthog.js";

export type TriageAction =
  | { kind: "move"; by: 1 | -1 }
  | { kind: "move-to"; edge: "first" | "last" }
  | { kind: "open" }
  | { kind: "back" }
  | { kind: "set-status"; status: TicketStatus }
  | { kind: "set-priority"; priority: TicketPriority | null }
  | { kind: "reply" }
  | { kind: "search" }
  | { kind: "create" }
  | { kind: "refresh" }
  | { kind: "help" };

export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  readonly keys: readonly string[];
  readonly action: TriageAction;
  /** Key into the strings table describing it in the help overlay. */
  readonly description: ShortcutDescription;
}

export type ShortcutDescription =
  | "shortcutNext"
  | "shortcutPrevious"
  | "shortcutFirst"
  | "shortcutLast"
  | "shortcutOpen"
  | "shortcutBack"
  | "shortcutStatusOpen"
  | "shortcutStatusPending"
  | "shortcutStatusOnHold"
  | "shortcutStatusResolved"
  | "shortcutPriorityLow"
  | "shortcutPriorityMedium"
  | "shortcutPriorityHigh"
  | "shortcutPriorityNone"
  | "shortcutReply"
  | "shortcutSearch"
  | "shortcutCreate"
  | "shortcutRefresh"
  | "shortcutHelp";

export const TRIAGE_SHORTCUTS: readonly Shortcut[] = [
  {
    keys: ["ArrowDown", "j"],
    action: { kind: "move", by: 1 },
    description: "shortcutNext",
  },
  {
    keys: ["ArrowUp", "k"],
    action: { kind: "move", by: -1 },
    description: "shortcutPrevious",
  },
  {
    keys: ["Home"],
    action: { kind: "move-to", edge: "first" },
    description: "shortcutFirst",
  },
  {
    keys: ["End"],
    action: { kind: "move-to", edge: "last" },
    description: "shortcutLast",
  },
  { keys: ["Enter"], action: { kind: "open" }, description: "shortcutOpen" },
  { keys: ["Escape"], action: { kind: "back" }, description: "shortcutBack" },
  {
    keys: ["o"],
    action: { kind: "set-status", status: "open" },
    description: "shortcutStatusOpen",
  },
  {
    keys: ["p"],
    action: { kind: "set-status", status: "pending" },
    description: "shortcutStatusPending",
  },
  {
    keys: ["h"],
    action: { kind: "set-status", status: "on_hold" },
    description: "shortcutStatusOnHold",
  },
  {
    keys: ["e"],
    action: { kind: "set-status", status: "resolved" },
    description: "shortcutStatusResolved",
  },
  {
    keys: ["1"],
    action: { kind: "set-priority", priority: "low" },
    description: "shortcutPriorityLow",
  },
  {
    keys: ["2"],
    action: { kind: "set-priority", priority: "medium" },
    description: "shortcutPriorityMedium",
  },
  {
    keys: ["3"],
    action: { kind: "set-priority", priority: "high" },
    description: "shortcutPriorityHigh",
  },
  {
    keys: ["0"],
    action: { kind: "set-priority", priority: null },
    description: "shortcutPriorityNone",
  },
  { keys: ["r"], action: { kind: "reply" }, description: "shortcutReply" },
  { keys: ["/"], action: { kind: "search" }, description: "shortcutSearch" },
  { keys: ["c"], action: { kind: "create" }, description: "shortcutCreate" },
  { keys: ["g"], action: { kind: "refresh" }, description: "shortcutRefresh" },
  { keys: ["?"], action: { kind: "help" }, description: "shortcutHelp" },
];

const BY_KEY = new Map(
  TRIAGE_SHORTCUTS.flatMap((shortcut) =>
    shortcut.keys.map((key) => [key, shortcut.action] as const),
  ),
);

/** Keys typed into a field belong to the field; modified keys belong to the browser. */
export function triageActionFor(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">,
  inTextField: boolean,
): TriageAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  if (inTextField)
    return event.key === "Escape" ? BY_KEY.get("Escape") : undefined;
  return BY_KEY.get(event.key);
}

/** How a key is written in the help overlay. */
export function keyLabel(key: string): string {
  const labels: Record<string, string> = {
    ArrowDown: "↓",
    ArrowUp: "↑",
    Enter: "↵",
    Escape: "Esc",
  };
  return labels[key] ?? key;
}
