/** Clients through the API for tests: add one, attach it to a sale, sell with tenders. */
import type { TestAppliance } from './appliance.ts';
import { bearer } from './appliance.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function call(t: TestAppliance, token: string, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.api.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

export const MARIE = {
  givenName: 'Marie',
  familyName: 'Laurent',
  phones: [{ number: '+1 212 555 0148', preferred: true }],
  emails: [{ address: 'marie.laurent@example.com' }],
  address: { lines: ['12 East 74th Street'], city: 'New York', postalCode: '10021', region: 'NY', country: 'US' },
};

export async function addClient(t: TestAppliance, token: string, details: Record<string, unknown> = MARIE): Promise<string> {
  const reply = await call(t, token, 'POST', '/clients', details);
  if (reply.statusCode !== 201) throw new Error(`client not added: ${reply.body}`);
  return reply.json().id;
}

/** Opens a sale with the pieces and the client (or none); returns the cart id and its total. */
export async function cartFor(t: TestAppliance, token: string, codes: string[], clientId: string | null): Promise<{ id: string; total: number }> {
  const cart = (await call(t, token, 'POST', '/sales/carts')).json();
  let view = cart;
  for (const code of codes) {
    const reply = await call(t, token, 'POST', `/sales/carts/${cart.id}/lines`, { code });
    if (reply.statusCode !== 200) throw new Error(`${code} not added: ${reply.body}`);
    view = reply.json();
  }
  if (clientId) {
    const attached = await call(t, token, 'PUT', `/sales/carts/${cart.id}/client`, { clientId });
    if (attached.statusCode !== 200) throw new Error(`client not attached: ${attached.body}`);
  }
  return { id: cart.id, total: view.totalMinor };
}

export const tender = (t: TestAppliance, token: string, cartId: string, kind: string, amountMinor: number, currency = 'USD') =>
  call(t, token, 'POST', `/sales/carts/${cartId}/tenders`, { kind, amountMinor, currency });

export async function complete(t: TestAppliance, token: string, cartId: string): Promise<string> {
  const reply = await call(t, token, 'POST', `/sales/carts/${cartId}/complete`);
  if (reply.statusCode !== 201) throw new Error(`sale not completed: ${reply.body}`);
  return reply.json().receiptNo;
}
