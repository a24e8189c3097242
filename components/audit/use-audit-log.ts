import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEventDto } from "@/lib/audit/query";
import { apiRequest } from "../api/client";
import { queryString, type UrlFilters } from "./url-filters";

export const AUDIT_LOG_PATH = "/api/security-performance/security/audit-log";
const PAGE_SIZE = 100;

interface AuditPageDto {
  events: AuditEventDto[];
  nextCursor: string | null;
}

/** Pages of the filtered log, newest first; `fetchNextPage` follows the keyset cursor. */
export function useAuditLog(filters: UrlFilters) {
  return useInfiniteQuery({
    queryKey: ["audit-log", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      apiRequest<AuditPageDto>(`${AUDIT_LOG_PATH}${queryString(filters, { limit: String(PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) })}`),
    getNextPageParam: (last) => last.nextCursor,
  });
}
