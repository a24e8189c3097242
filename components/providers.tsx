"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiProblemError } from "./api/client";

/**
 * A 401 from the API means the session ended (signed out elsewhere, password reset, role
 * change, disabled). Send the person to sign in and bring them back here afterwards.
 */
function sendToSignInWhenSessionEnded(error: unknown): void {
  if (!(error instanceof ApiProblemError) || error.status !== 401) return;
  const here = window.location.pathname + window.location.search;
  // A full page load on purpose: it drops every cached admin answer along with the dead session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(here)}`);
}

/** Client errors (4xx) will not succeed on a retry; network and server errors might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiProblemError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: sendToSignInWhenSessionEnded }),
    mutationCache: new MutationCache({ onError: sendToSignInWhenSessionEnded }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
}

/** Client-side context for the signed-in area: one QueryClient per browser tab. */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
