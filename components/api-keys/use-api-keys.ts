import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api/client";
import type { ApiKeyDto, CreatedApiKey, NewApiKeyInput } from "../api/types";

const apiKeysQueryKey = ["admin", "api-keys"] as const;

export function useApiKeys() {
  return useQuery({
    queryKey: apiKeysQueryKey,
    queryFn: async () => (await apiRequest<{ apiKeys: ApiKeyDto[] }>("/api/admin/api-keys")).apiKeys,
  });
}

/** After any change, success or not, the list is fetched again so it shows what the server holds. */
function useRefreshApiKeys() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey });
}

export function useCreateApiKey() {
  const refresh = useRefreshApiKeys();
  return useMutation({
    mutationFn: (input: NewApiKeyInput) =>
      apiRequest<CreatedApiKey>("/api/admin/api-keys", { method: "POST", body: input }),
    onSettled: refresh,
  });
}

export function useRevokeApiKey() {
  const refresh = useRefreshApiKeys();
  return useMutation({
    mutationFn: async (id: string) =>
      (await apiRequest<{ apiKey: ApiKeyDto }>(`/api/admin/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" }))
        .apiKey,
    onSettled: refresh,
  });
}
