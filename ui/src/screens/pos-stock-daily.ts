/**
 * The day's opening and closing counts. A finished count of exactly one showcase is signed here
 * as its opening or closing count, by whoever counted. When it does not match the stock, a manager
 * writes what happened and approves it with their PIN (the approval dialog). The counts already
 * signed today are listed, with who signed and who approved.
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-problem.ts';
import { isApiError } from '../data/api.ts';
import { withApproval } from '../data/approval.ts';
import { countsOfToday, signCount, type DailyCount, type SweepRow } from '../data/stock.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n/translate.ts';

type Kind = 'opening' | 'closing';

@customElement('pos-stock-daily')
export class PosStockDaily extends LitElement {
  /** A finished sweep that may be signed (its scope is one showcase), or null to list the day only. */
  @property({ attribute: false }) sweep: SweepRow | null = null;
  @state() private _counts: DailyCount[] = [];
  @state() private _noteFor: { kind: Kind; shortBy: number; overBy: number } | null = null;
  @state() private _note = '';
  @state() private _signed: DailyCount | null = null;
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: block; }
      section { padding: 10px 12px; }
      h2 { font-size: 1.2rem; margin-bottom: 6px; }
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
      .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
      label { display: block; font-size: 0.85rem; color: var(--muted); margin: 6px 0 4px; }
      input { width: 100%; }
      .done { padding: 8px 12px; border-radius: var(--radius); background: var(--ok-soft); border-left: 5px solid var(--ok); margin: 6px 0; }
      .muted { font-size: 0.85rem; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this._counts = await countsOfToday();
    } catch (error) {
      this._error = error;
    }
  }

  async #sign(kind: Kind, note?: string): Promise<void> {
    const sweep = this.sweep as SweepRow;
    this._busy = true;
    this._error = null;
    try {
      this._signed = await withApproval((approval) => signCount(kind, sweep.scope as string, sweep.id, note, approval));
      this._noteFor = null;
      this._note = '';
      await this.#load();
    } catch (error) {
      if (isApiError(error) && error.code === 'LOUPE_E_STOCK_COUNT_NOTE_REQUIRED') {
        this._noteFor = { kind, shortBy: Number(error.details.shortBy ?? 0), overBy: Number(error.details.overBy ?? 0) };
      } else this._error = error;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const sweep = this.sweep;
    const signable = sweep && sweep.state === 'finished' && sweep.scope && !sweep.scope.includes(' / ') && !sweep.recountOf;
    return html`<section class="card" aria-labelledby="dailyTitle">
      <h2 id="dailyTitle">${t('stock.daily')}</h2>
      ${signable && !this._signed
        ? html`<div class="actions">
            ${(['opening', 'closing'] as const).map((kind) => html`<button ?disabled=${this._busy} @click=${() => void this.#sign(kind)}>${t(`stock.sign.${kind}`)}</button>`)}
          </div>`
        : nothing}
      ${this._noteFor
        ? html`<p>${t('stock.noteNeeded', { short: this._noteFor.shortBy, over: this._noteFor.overBy })}</p>
            <label for="note">${t('stock.managerNote')}</label>
            <input id="note" .value=${this._note} @input=${(event: Event) => (this._note = (event.target as HTMLInputElement).value)} />
            <div class="actions"><button class="primary" ?disabled=${this._busy || !this._note.trim()} @click=${() => void this.#sign((this._noteFor as { kind: Kind }).kind, this._note.trim())}>${t('stock.signWithNote')}</button></div>`
        : nothing}
      ${this._signed ? html`<div class="done" role="status">${t(`stock.signed.${this._signed.kind}`, { showcase: this._signed.showcase })}</div>` : nothing}
      <pos-problem .error=${this._error}></pos-problem>
      ${this._counts.length === 0
        ? html`<p class="muted">${t('stock.noCountsToday')}</p>`
        : html`<ul>${this._counts.map((count) => html`<li><strong>${t(`stock.kind.${count.kind}`)} · ${count.showcase}</strong> <span class="muted">${count.counted} / ${count.expected} · ${count.countedBy.name}${count.approvedBy ? ` · ${t('stock.approvedBy', { name: count.approvedBy.name })}` : ''} · ${dateTime(count.signedAt)}</span></li>`)}</ul>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-stock-daily': PosStockDaily;
  }
}
