/**
 * Manager overrides: an action refused with LOUPE_E_AUTH_APPROVAL_REQUIRED is asked again with a
 * manager's approval token, once a manager has entered their number and PIN in the dialog the app
 * shell registers here.
 */
import { ApiError, isApiError } from './api.ts';

export type ApprovalAsker = (permission: string) => Promise<string | null>;
let asker: ApprovalAsker | null = null;

export function registerApprovalAsker(ask: ApprovalAsker): void {
  asker = ask;
}

/** The approval was asked for and the clerk closed the dialog: nothing to report. */
export const APPROVAL_CANCELLED = 'UI_APPROVAL_CANCELLED';

export async function withApproval<T>(run: (approval?: string) => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isApiError(error) || error.code !== 'LOUPE_E_AUTH_APPROVAL_REQUIRED' || !asker) throw error;
    const approval = await asker(String(error.details.permission ?? ''));
    if (!approval) throw new ApiError(APPROVAL_CANCELLED, '', '');
    return run(approval);
  }
}
