/**
 * Movements of one piece: find it, see where it is and everything that moved it, then move it —
 * to another showcase or tray, out on memo and back, back to its vendor, missing and found, to
 * another store. A record is corrected (an adjustment) with a reason: by a manager, or by anyone
 * else with a manager's approval in the approval dialog. Without a piece chosen, the pieces out on
 * memo and in transit are listed.
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-dialog.ts';
import '../components/pos-piece-art.ts';
import '../components/pos-problem.ts';
import '../components/pos-stock-find.ts';
import { findPiece, photoPath, searchPieces, type Piece } from '../data/catalog.ts';
import { withApproval } from '../data/approval.ts';
import * as stock from '../data/stock.ts';
import type { CorrectionMove, Movement, OutstandingMovement } from '../data/stock.ts';
import { dateTime } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';
import { statusWords } from './pos-stock-sweep.ts';

type Action = 'relocate' | 'memoOut' | 'memoIn' | 'returnToVendor' | 'missing' | 'found' | 'transfer' | 'adjust';
/** The moves offered for a piece in each status; the appliance still decides (a refusal is said in words). */
const OFFERED: Record<string, Action[]> = {
  in_stock: ['relocate', 'memoOut', 'returnToVendor', 'missing', 'transfer'],
  reserved: ['relocate', 'missing'],
  on_layaway: ['relocate', 'missing'],
  memo_out: ['memoIn'],
  missing: ['found'],
};
const CORRECTIONS: CorrectionMove[] = ['toRepair', 'fromRepair', 'memoIn', 'receiveAgain', 'markMissing', 'markFound'];
const MEMO_DAYS = 14;
const DAY_MS = 86_400_000;

interface Form {
  action: Action;
  location: string;
  reason: string;
  party: string;
  dueBack: string;
  toStore: string;
  move: CorrectionMove | null;
}

@customElement('pos-stock-moves')
export class PosStockMoves extends LitElement {
  @property({ attribute: false }) scan: { code: string; at: number } | null = null;
  @state() private _piece: Piece | null = null;
  @state() private _history: Movement[] = [];
  @state() private _memos: OutstandingMovement[] = [];
  @state() private _transfers: OutstandingMovement[] = [];
  @state() private _locations: string[] = [];
  @state() private _form: Form | null = null;
  @state() private _done: string | null = null;
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; padding: 10px 12px; overflow: auto; align-items: start; }
      section.card { padding: 10px 12px; }
      h2 { font-size: 1.2rem; margin-bottom: 6px; }
      h3 { font-size: 1rem; margin: 10px 0 4px; }
      .piece { display: grid; grid-template-columns: 80px minmax(0, 1fr); gap: 12px; align-items: center; margin: 8px 0; }
      .piece pos-piece-art { width: 80px; height: 80px; }
      .piece strong { display: block; font-size: 1.05rem; }
      .actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
      li.card { padding: 6px 8px; }
      .row-button { width: 100%; height: auto; text-align: left; padding: 6px 10px; display: block; }
      .muted { font-size: 0.85rem; }
      .done { padding: 8px 12px; border-radius: var(--radius); background: var(--ok-soft); border-left: 5px solid var(--ok); margin-top: 8px; }
      label { display: block; font-size: 0.85rem; color: var(--muted); margin: 8px 0 4px; }
      .field { width: 100%; }
      .chips { display: flex; flex-wrap: wrap; gap: 6px; }
      .chips button { padding: 0 12px; font-size: 0.9rem; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadLists();
  }

  async #loadLists(): Promise<void> {
    try {
      const [memos, transfers, pieces] = await Promise.all([stock.onMemo(), stock.inTransit(), searchPieces({ status: 'in_stock' }, 200)]);
      this._memos = memos;
      this._transfers = transfers;
      this._locations = [...new Set(pieces.map((piece) => piece.location))].sort();
    } catch (error) {
      this._error = error;
    }
  }

  async #open(piece: Piece, done: string | null = null): Promise<void> {
    this._piece = piece;
    this._done = done;
    this._error = null;
    try {
      this._history = await stock.movementsOf(piece.id);
    } catch (error) {
      this._error = error;
    }
  }

  #ask(action: Action): void {
    const dueBack = new Date(Date.now() + MEMO_DAYS * DAY_MS).toISOString().slice(0, 10);
    this._form = { action, location: '', reason: '', party: '', dueBack, toStore: '', move: null };
    this._error = null;
  }

  #send(form: Form, pieceId: string): Promise<unknown> {
    const location = form.location.trim() || undefined;
    const reason = form.reason.trim();
    switch (form.action) {
      case 'relocate':
        return stock.relocate(pieceId, location ?? '', reason || undefined);
      case 'memoOut':
        return stock.memoOut(pieceId, form.party.trim(), form.dueBack);
      case 'memoIn':
        return stock.memoIn(pieceId, location);
      case 'returnToVendor':
        return stock.returnToVendor(pieceId, reason);
      case 'missing':
        return stock.markMissing(pieceId, reason);
      case 'found':
        return stock.markFound(pieceId, location);
      case 'transfer':
        return stock.sendTransfer(pieceId, form.toStore.trim(), reason || undefined);
      case 'adjust':
        return withApproval((approval) => stock.adjust(pieceId, { ...(form.move ? { move: form.move } : {}), ...(location ? { location } : {}), reason }, approval));
    }
  }

  async #submit(): Promise<void> {
    const form = this._form as Form;
    const piece = this._piece as Piece;
    this._busy = true;
    this._error = null;
    try {
      await this.#send(form, piece.id);
      this._form = null;
      await this.#open(await findPiece(piece.id), t(`stock.done.${form.action}`, { stockNo: piece.stockNo }));
      void this.#loadLists();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }

  async #cancelTransfer(transferId: string): Promise<void> {
    this._error = null;
    try {
      await stock.cancelTransfer(transferId);
      await this.#loadLists();
    } catch (error) {
      this._error = error;
    }
  }

  override render() {
    const piece = this._piece;
    const offered: Action[] = piece ? [...(OFFERED[piece.status] ?? []), 'adjust'] : [];
    return html`
      <section class="card" aria-labelledby="moveTitle">
        <h2 id="moveTitle">${t('stock.moveTitle')}</h2>
        <pos-stock-find .scan=${this.scan} @pos-found=${(event: CustomEvent<Piece>) => void this.#open(event.detail)}></pos-stock-find>
        ${this._done ? html`<div class="done" role="status">${this._done}</div>` : nothing}
        ${this._form ? nothing : html`<pos-problem .error=${this._error}></pos-problem>`}
        ${piece
          ? html`<div class="piece" data-stock-no=${piece.stockNo}>
                <pos-piece-art category=${piece.category} metal=${piece.metal} .colour=${piece.metalColour} .photo=${photoPath(piece)}></pos-piece-art>
                <div><strong>${piece.description}</strong><span class="muted">${piece.stockNo} · ${piece.location}</span><br /><span data-status>${statusWords(piece.status)}</span></div>
              </div>
              <div class="actions">${offered.map((action) => html`<button @click=${() => this.#ask(action)}>${t(`stock.action.${action}`)}</button>`)}</div>`
          : nothing}
      </section>
      <section class="card" aria-labelledby="listTitle">
        ${piece ? this.#renderHistory() : this.#renderOutstanding()}
      </section>
      ${this._form ? this.#renderForm(this._form) : nothing}
    `;
  }

  #renderHistory() {
    return html`<h2 id="listTitle">${t('stock.history')}</h2>
      ${this._history.length === 0
        ? html`<p class="muted">${t('stock.noMovements')}</p>`
        : html`<ul>${[...this._history].reverse().map((move) => html`<li class="card"><strong>${tMaybe(`stock.kind.${move.kind}`) ?? move.kind}</strong> <span class="muted">${dateTime(move.at)}</span><br /><span class="muted">${move.fromLocation === move.toLocation ? move.toLocation : `${move.fromLocation} → ${move.toLocation}`}${move.party ? ` · ${move.party}` : ''}${move.reason ? ` · ${move.reason}` : ''}</span></li>`)}</ul>`}`;
  }

  #renderOutstanding() {
    const row = (move: OutstandingMovement, extra: string) =>
      html`<button class="row-button" @click=${() => void findPiece(move.pieceId).then((piece) => this.#open(piece), (error: unknown) => (this._error = error))}><strong>${move.stockNo}</strong> ${move.description}<br /><span class="muted">${extra}</span></button>`;
    return html`<h2 id="listTitle">${t('stock.outstanding')}</h2>
      <h3>${t('stock.onMemo', { count: this._memos.length })}</h3>
      <ul>${this._memos.map((move) => html`<li>${row(move, t('stock.memoLine', { party: move.party ?? '', due: move.dueBack ?? '' }))}</li>`)}</ul>
      <h3>${t('stock.inTransit', { count: this._transfers.length })}</h3>
      <ul>${this._transfers.map((move) => html`<li class="row">${row(move, t('stock.transferLine', { store: move.toLocation }))}${move.transferId ? html`<button class="danger" @click=${() => void this.#cancelTransfer(move.transferId as string)}>${t('stock.cancelTransfer')}</button>` : nothing}</li>`)}</ul>`;
  }

  #renderForm(form: Form) {
    const set = (patch: Partial<Form>) => (this._form = { ...form, ...patch });
    const text = (id: keyof Form, label: string, type = 'text') =>
      html`<label for=${id}>${label}</label><input class="field" id=${id} type=${type} .value=${String(form[id] ?? '')} @input=${(event: Event) => set({ [id]: (event.target as HTMLInputElement).value })} />`;
    const locations = html`<label id="locLabel">${t('stock.field.location')}</label>
      <div class="chips" role="group" aria-labelledby="locLabel">${this._locations.map((location) => html`<button aria-pressed=${String(form.location === location)} @click=${() => set({ location: form.location === location ? '' : location })}>${location}</button>`)}</div>`;
    const needsReason = ['returnToVendor', 'missing', 'adjust'].includes(form.action);
    const fields = {
      relocate: [locations, text('reason', t('stock.field.reasonOptional'))],
      memoOut: [text('party', t('stock.field.party')), text('dueBack', t('stock.field.dueBack'), 'date')],
      memoIn: [locations],
      found: [locations],
      returnToVendor: [text('reason', t('stock.field.reason'))],
      missing: [text('reason', t('stock.field.reason'))],
      transfer: [text('toStore', t('stock.field.toStore')), text('reason', t('stock.field.reasonOptional'))],
      adjust: [
        html`<label id="moveLabel">${t('stock.field.move')}</label><div class="chips" role="group" aria-labelledby="moveLabel">${CORRECTIONS.map((move) => html`<button aria-pressed=${String(form.move === move)} @click=${() => set({ move: form.move === move ? null : move })}>${t(`stock.correction.${move}`)}</button>`)}</div>`,
        locations,
        text('reason', t('stock.field.reason')),
      ],
    }[form.action];
    const ready =
      (form.action !== 'relocate' || form.location !== '') &&
      (form.action !== 'memoOut' || (form.party.trim() !== '' && form.dueBack !== '')) &&
      (form.action !== 'transfer' || /^[0-9]{4}$/.test(form.toStore.trim())) &&
      (!needsReason || form.reason.trim() !== '');
    return html`<pos-dialog heading=${t(`stock.action.${form.action}`)} width="560px" @pos-close=${() => (this._form = null)}>
      ${fields}
      <pos-problem .error=${this._error}></pos-problem>
      <div class="actions"><button class="primary" ?disabled=${!ready || this._busy} @click=${() => void this.#submit()}>${t('stock.confirm')}</button></div>
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-stock-moves': PosStockMoves;
  }
}
