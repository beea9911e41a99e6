/** Registers `<ticket-list>` and the `<ticket-thread>` it renders (each only if the tag is still free). */
import { TicketList } from "./ticket-list.js";
import { TicketThread } from "./ticket-thread.js";

if (!customElements.get("ticket-thread"))
  customElements.define("ticket-thread", TicketThread);
if (!customElements.get("ticket-list"))
  customElements.define("ticket-list", TicketList);

export { TicketList, TicketThread };

declare global {
  interface HTMLElementTagNameMap {
    "ticket-list": TicketList;
  }
}
