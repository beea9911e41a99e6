/**
 * Every text a person reads or hears from `<data-frame-table>`, English by default. A host page replaces any of
 * them through the element's `strings` property (a partial table). `{name}` placeholders are filled with
 * `formatString`; numbers arrive already formatted for the element's locale.
 */
export interface DataFrameTableStrings {
  tableLabel: string;
  nullValue: string;
  trueValue: string;
  falseValue: string;
  loadingRows: string;
  rowsFailed: string;
  retry: string;
  /** `{row}` of `{rowCount}`: the polite announcement when focus moves to another row. */
  rowOfCount: string;
  /** `{rowCount}` rows × `{columnCount}` columns. */
  rowsByColumns: string;
  columnsButton: string;
  /** `{column}` is the column's label. */
  moveColumnEarlier: string;
  moveColumnLater: string;
  resizeColumn: string;
  headerKeysHint: string;
  goToRowLabel: string;
  goToRowButton: string;
  exportButton: string;
  exportAllColumns: string;
  exportShownColumns: string;
  /** `{rowsDone}` of `{rowCount}`. */
  exportProgress: string;
  exportFailed: string;
  cancelExport: string;
  /** `{rowCount}` rows × `{columnCount}` columns. */
  copiedCells: string;
  framesHeading: string;
  loadingFrames: string;
  noFrames: string;
  allFramesButton: string;
  openingFrame: string;
  /** `{message}` is the error's message. */
  frameFailed: string;
  emptyFrame: string;
}

export const defaultDataFrameTableStrings: DataFrameTableStrings = {
  tableLabel: 'Data frame',
  nullValue: 'null',
  trueValue: 'true',
  falseValue: 'false',
  loadingRows: 'Loading rows',
  rowsFailed: 'These rows could not be loaded.',
  retry: 'Retry',
  rowOfCount: 'Row {row} of {rowCount}',
  rowsByColumns: '{rowCount} rows × {columnCount} columns',
  columnsButton: 'Columns',
  moveColumnEarlier: 'Move {column} earlier',
  moveColumnLater: 'Move {column} later',
  resizeColumn: 'Resize {column}',
  headerKeysHint: 'Enter sorts. Alt+Left or Alt+Right resizes. Alt+Shift+Left or Alt+Shift+Right moves the column.',
  goToRowLabel: 'Go to row',
  goToRowButton: 'Go',
  exportButton: 'Export CSV',
  exportAllColumns: 'All columns',
  exportShownColumns: 'Shown columns',
  exportProgress: 'Exporting {rowsDone} of {rowCount} rows',
  exportFailed: 'The export failed.',
  cancelExport: 'Cancel',
  copiedCells: 'Copied {rowCount} rows × {columnCount} columns',
  framesHeading: 'Data frames',
  loadingFrames: 'Loading the data frames…',
  noFrames: 'This conversation has no data frames yet.',
  allFramesButton: 'All data frames',
  openingFrame: 'Opening the data frame…',
  frameFailed: 'The data frame could not be opened: {message}',
  emptyFrame: 'This data frame has no rows.',
};
