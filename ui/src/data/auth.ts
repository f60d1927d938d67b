/** Sign-in, lock and unlock, sign-out, and manager approvals. */
import type { Static } from 'typebox';
import type { ApprovalGranted, SessionView, SignedIn } from '../../../runtime/src/wire/api.ts';
import { call } from './api.ts';

export type Session = Static<typeof SessionView>;

export const signIn = (code: string, pin: string) => call<Static<typeof SignedIn>>('POST', '/api/v1/auth/login', { code, pin });
export const currentSession = () => call<Session>('GET', '/api/v1/auth/session');
export const lock = () => call<Session>('POST', '/api/v1/auth/lock');
export const unlock = (pin: string) => call<Session>('POST', '/api/v1/auth/unlock', { pin });
export const signOut = () => call<void>('POST', '/api/v1/auth/logout');
export const approve = (code: string, pin: string, permission: string) =>
  call<Static<typeof ApprovalGranted>>('POST', '/api/v1/auth/approvals', { code, pin, permission });
