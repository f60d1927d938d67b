import { WebSocket } from 'ws';
import type { TestAppliance } from './appliance.ts';

/** Opens the live socket and collects what it receives. */
export async function connect(t: TestAppliance): Promise<{ socket: WebSocket; received: Record<string, unknown>[]; next: (timeoutMs?: number) => Promise<Record<string, unknown>>; closed: Promise<number> }> {
  const socket = new WebSocket(`${t.url.replace('http', 'ws')}/api/v1/live`);
  const received: Record<string, unknown>[] = [];
  const waiters: ((message: Record<string, unknown>) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const next = (timeoutMs = 2_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const queued = received.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error(`no live message within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  return { socket, received, next, closed };
}
