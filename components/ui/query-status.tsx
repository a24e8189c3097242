import { errorMessage } from "../api/client";

/** What a react-query read shows before its data: a status line while it loads, the reason when it failed. */
export function QueryStatus({ query, loading }: { query: { isPending: boolean; isError: boolean; error: unknown }; loading: string }) {
  if (query.isPending) return <p role="status">{loading}</p>;
  if (query.isError) {
    return (
      <p className="alert alert-error" role="alert">
        {errorMessage(query.error)}
      </p>
    );
  }
  return null;
}
