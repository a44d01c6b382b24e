import { CONFIG_VARIABLES } from '../../src/core/app-config';

/**
 * The environment the built service runs with in a benchmark: this shell's, without any of the
 * service's own settings (so every one is at its default, and the embedded store is used), as
 * production on `port`. Callers add the few settings a benchmark needs.
 */
export function defaultServiceEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  return { ...env, NODE_ENV: 'production', PORT: String(port) };
}
