import type { ApiKeySummary } from "@/lib/auth/api-keys";
import type { Role, Scope } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/auth/users";

/** What a server-side type looks like after JSON.stringify: dates arrive as ISO strings. */
type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type UserDto = Jsonified<UserSummary>;
export type ApiKeyDto = Jsonified<ApiKeySummary>;

export interface NewUserInput {
  email: string;
  password: string;
  role: Role;
  name?: string;
}

export interface UserChangeInput {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export interface NewApiKeyInput {
  name: string;
  scopes: Scope[];
}

export interface CreatedApiKey {
  /** The full secret: returned once, never again. */
  key: string;
  apiKey: ApiKeyDto;
}

export type { Role, Scope };
