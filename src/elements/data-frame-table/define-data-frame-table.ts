import { DataFrameTable } from './data-frame-table.js';

export { DataFrameTable };

if (!customElements.get('data-frame-table')) customElements.define('data-frame-table', DataFrameTable);

declare global {
  interface HTMLElementTagNameMap {
    'data-frame-table': DataFrameTable;
  }
}
