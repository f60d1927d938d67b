/**
 * The one way the screen talks to the appliance: JSON over `/api/v1`, the session's bearer token,
 * and the API's coded errors turned into an `ApiError` a screen can put into words.
 */
export interface ErrorBody {
  error: { code: string; message: string; hint: string; details?: Record<string, unknown> };
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The appliance did not answer at all (restarting, cable): not one of its coded errors. */
export const UNREACHABLE = 'UI_UNREACHABLE';

let token: string | null = null;
const sessionListeners = new Set<(change: 'locked' | 'ended') => void>();

export function setToken(value: string | null): void {
  token = value;
}

/**
 * Called when the appliance says the screen is locked (it locks itself after the idle time) or the
 * session is over (it ended after its hours, or the appliance restarted).
 */
export function onSessionChange(listener: (change: 'locked' | 'ended') => void): void {
  sessionListeners.add(listener);
}

export async function call<T>(method: string, path: string, body?: unknown, approval?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (approval) headers['x-loupe-approval'] = approval;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let reply: Response;
  try {
    reply = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(UNREACHABLE, '', '');
  }
  if (reply.status === 204) return undefined as T;
  const json = (await reply.json().catch(() => null)) as T | ErrorBody | null;
  if (reply.ok) return json as T;
  const error = (json as ErrorBody | null)?.error;
  if (!error) throw new ApiError(UNREACHABLE, '', '');
  const change = error.code === 'LOUPE_E_AUTH_SCREEN_LOCKED' ? 'locked' : error.code === 'LOUPE_E_AUTH_REQUIRED' && token ? 'ended' : null;
  if (change) for (const listener of sessionListeners) listener(change);
  throw new ApiError(error.code, error.message, error.hint, error.details);
}

/**
 * An image the API serves behind the session (a piece's photo), as an object URL for an <img>;
 * null when it cannot be had. The caller revokes the URL when the image leaves the screen.
 */
export async function imageUrl(path: string): Promise<string | null> {
  try {
    const reply = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return reply.ok ? URL.createObjectURL(await reply.blob()) : null;
  } catch {
    return null;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
