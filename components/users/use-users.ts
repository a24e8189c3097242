import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api/client";
import type { NewUserInput, UserChangeInput, UserDto } from "../api/types";

const usersQueryKey = ["admin", "users"] as const;

export function useUsers() {
  return useQuery({
    queryKey: usersQueryKey,
    queryFn: async () => (await apiRequest<{ users: UserDto[] }>("/api/admin/users")).users,
  });
}

/** After any change, success or not, the list is fetched again so it shows what the server holds. */
function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: usersQueryKey });
}

export function useCreateUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: async (input: NewUserInput) =>
      (await apiRequest<{ user: UserDto }>("/api/admin/users", { method: "POST", body: input })).user,
    onSettled: refresh,
  });
}

export function useUpdateUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: async ({ id, change }: { id: string; change: UserChangeInput }) =>
      (
        await apiRequest<{ user: UserDto }>(`/api/admin/users/${encodeURIComponent(id)}`, {
          method: "PATCH",
          body: change,
        })
      ).user,
    onSettled: refresh,
  });
}
