/** @type {import('next').NextConfig} */
const nextConfig = {
  // No framework fingerprint in responses.
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden()/unauthorized() from next/navigation give admin pages real 403/401 statuses.
  experimental: { authInterrupts: true },
  // Native and driver packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "pino"],
};

export default nextConfig;
