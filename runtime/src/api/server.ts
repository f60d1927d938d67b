/** The only place the API listens. Timeouts keep a stuck kiosk connection from holding the box. */
import type { Api } from './app.ts';

export async function listen(api: Api, options: { host: string; port: number }): Promise<string> {
  api.server.requestTimeout = 30_000;
  api.server.keepAliveTimeout = 65_000;
  return api.listen({ host: options.host, port: options.port });
}
