/**
 * Saves ticket changes optimistically: the change shows at once (through the overlay), the PATCH goes out, and
 * the server's answer either becomes the ticket's new base or, on failure, the change leaves the overlay so the
 * fields show the server's values again. Writes are never aborted halfway: a PATCH the server may already have
 * applied must be answered, or the list would show a guess.
 */
import type { Ticket, TicketWrite } from "../../api/wire-posthog.js";
import { OptimisticEdits } from "./optimistic-edits.js";

export interface TicketEditorOptions {
  update: (id: string, changes: TicketWrite) => Promise<Ticket>;
  /** The server saved the change; `ticket` is its answer. */
  onSaved: (ticket: Ticket, changes: TicketWrite) => void;
  /** The server refused or could not be reached; the change is already rolled back. */
  onFailed: (ticket: Ticket, changes: TicketWrite, error: unknown) => void;
  /** Something shown changed: repaint. */
  onChange: () => void;
}

export class TicketEditor {
  private readonly edits = new OptimisticEdits<Ticket>();
  private readonly options: TicketEditorOptions;

  constructor(options: TicketEditorOptions) {
    this.options = options;
  }

  /** The ticket as the person should see it: the server's copy with the changes in flight. */
  shown(ticket: Ticket): Ticket {
    return this.edits.overlay(ticket.id, ticket);
  }

  isSaving(ticketId: string, field: keyof Ticket): boolean {
    return this.edits.isPending(ticketId, field);
  }

  /** Shows a local-only change until `settle` (opening a ticket reads it: its unread count drops at once). */
  assume(ticketId: string, patch: Partial<Ticket>): () => void {
    const edit = this.edits.begin(ticketId, patch);
    this.options.onChange();
    return () => {
      this.edits.settle(edit);
      this.options.onChange();
    };
  }

  /** Resolves with the server's ticket, or `undefined` when the change failed and was rolled back. */
  async save(
    ticket: Ticket,
    changes: TicketWrite,
  ): Promise<Ticket | undefined> {
    const edit = this.edits.begin(ticket.id, changes);
    this.options.onChange();
    try {
      const saved = await this.options.update(ticket.id, changes);
      this.edits.settle(edit);
      this.options.onSaved(saved, changes);
      return saved;
    } catch (error) {
      this.edits.settle(edit);
      this.options.onFailed(ticket, changes, error);
      return undefined;
    } finally {
      this.options.onChange();
    }
  }

  forget(ticketId: string): void {
    this.edits.forget(ticketId);
  }
}
