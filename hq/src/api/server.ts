/** The only place HQ's API listens. Answers the address, e.g. https://127.0.0.1:8443. */
import type { HqApi } from './app.ts';

export async function listenHqApi(app: HqApi, options: { port: number; host: string }): Promise<string> {
  return app.listen({ port: options.port, host: options.host });
}
