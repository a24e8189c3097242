import { AUDIT_LOG_PATH } from "./use-audit-log";
import { queryString, type UrlFilters } from "./url-filters";

/** Plain links: the browser downloads the streamed export with the session cookie, nothing is held in the page. */
export function ExportButtons({ filters }: { filters: UrlFilters }) {
  return (
    <div className="row-actions" aria-label="Export the filtered events">
      <a className="button button-secondary button-small" href={`${AUDIT_LOG_PATH}${queryString(filters, { format: "csv" })}`} download>
        Export CSV
      </a>
      <a className="button button-secondary button-small" href={`${AUDIT_LOG_PATH}${queryString(filters, { format: "json" })}`} download>
        Export JSON
      </a>
    </div>
  );
}
