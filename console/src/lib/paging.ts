// A list the API pages (`?page=&pageSize=` → `{ items, page, pageSize, total }`, API.md): the console's one page
// size, and the table pagination that asks the server for each page rather than slicing in the browser.
import type { TablePaginationConfig } from 'antd';

export const PAGE_SIZE = 20;

/** Pagination of a server-paged table; `unit` (人, 件) shows the total as 共 n 件. */
export const serverPagination = (
  current: number | undefined,
  total: number | undefined,
  onChange: (page: number) => void,
  unit?: string,
): TablePaginationConfig => ({
  current,
  pageSize: PAGE_SIZE,
  total: total ?? 0,
  showSizeChanger: false,
  onChange,
  ...(unit ? { showTotal: (t: number) => `共 ${t} ${unit}` } : {}),
});
