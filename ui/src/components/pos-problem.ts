/**
 * What went wrong, in words a clerk understands, and what to do next. Takes whatever a call
 * threw: the API's coded error (the catalog's words for its code, else the appliance's message
 * and hint), the appliance not answering, or a fault in the screen itself. Never a code alone.
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { ApiError, UNREACHABLE } from '../data/api.ts';
import { APPROVAL_CANCELLED } from '../data/approval.ts';
import { t, tMaybe } from '../i18n/translate.ts';

export function describe(error: unknown): { what: string; todo: string } | null {
  if (error instanceof ApiError) {
    if (error.code === APPROVAL_CANCELLED) return null;
    if (error.code === UNREACHABLE) return { what: t('error.unreachable'), todo: t('error.unreachable.todo') };
    const reason = typeof error.details.reason === 'string' ? error.details.reason : null;
    const what = (reason && tMaybe(`reason.${reason}`)) ?? tMaybe(`error.${error.code}`) ?? error.message;
    return { what, todo: tMaybe(`error.${error.code}.todo`) ?? error.hint };
  }
  return { what: t('error.screen'), todo: t('error.screen.todo') };
}

@customElement('pos-problem')
export class PosProblem extends LitElement {
  @property({ attribute: false }) error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: block; }
      div { padding: 10px 14px; border-radius: var(--radius); background: var(--danger-soft); border-left: 5px solid var(--danger); }
      strong { display: block; color: var(--danger); }
      span { font-size: 0.95rem; }
    `,
  ];

  override render() {
    const words = this.error ? describe(this.error) : null;
    if (!words) return nothing;
    return html`<div role="alert"><strong>${words.what}</strong><span>${words.todo}</span></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-problem': PosProblem;
  }
}
