/**
 * The handheld count. Choose what to count (the whole store, a showcase, a tray), start, and watch
 * found / expected per location climb while the handheld reads; finish, and the result names every
 * missing piece with its picture, description, stock number and last known location, the tags that
 * should not be there (with why, in words), the pieces away from the store, and the accuracy.
 * A recount looks again for the missing only. Accuracy of earlier counts stays in view.
 */
import { html, LitElement, css, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-piece-art.ts';
import '../components/pos-problem.ts';
import './pos-stock-daily.ts';
import { findPiece, photoPath, searchPieces, type Piece } from '../data/catalog.ts';
import { accuracyHistory, cancelSweep, finishSweep, listSweeps, markMissing, startSweep, sweepView, type AccuracyPoint, type PieceLine, type SweepProgress, type SweepRow, type SweepView } from '../data/stock.ts';
import { dateTime, percent } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

/** Pictures are fetched for this many missing pieces; the rest are listed with their words only. */
const PICTURED_MISSING = 40;
const HISTORY_LENGTH = 6;
/** Finished counts looked through for those of the chosen scope. */
const HISTORY_SCAN = 60;

const showcaseOf = (location: string) => location.split(' / ')[0] as string;
const accuracyWords = (bp: number | null) => (bp === null ? '—' : percent(bp));
export const statusWords = (status: string) => tMaybe(`stock.status.${status}`) ?? status;

@customElement('pos-stock-sweep')
export class PosStockSweep extends LitElement {
  @property({ attribute: false }) progress: SweepProgress | null = null;
  @property({ type: Boolean }) canCount = false;
  /** Whether this clerk may mark a piece the count did not find as missing. */
  @property({ type: Boolean }) canMove = false;
  @state() private _marked = new Set<string>();
  @state() private _locations: string[] = [];
  @state() private _scope: string | null = null;
  @state() private _open: SweepRow | null = null;
  @state() private _live: SweepProgress | null = null;
  @state() private _result: SweepView | null = null;
  @state() private _pictures = new Map<string, Piece>();
  @state() private _history: AccuracyPoint[] = [];
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: block; overflow: auto; padding: 10px 12px; }
      .columns { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(200px, 1fr); gap: 12px; align-items: start; }
      section.card { padding: 10px 12px; }
      h2 { font-size: 1.2rem; margin-bottom: 6px; }
      h3 { font-size: 1rem; margin: 10px 0 4px; }
      .lists > h2 { font-size: 1.1rem; margin: 12px 0 4px; }
      .lists > h2:first-child { margin-top: 0; }
      .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; }
      .chips button { padding: 0 14px; }
      .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
      .big { font-family: var(--serif); font-size: 2.4rem; line-height: 1.1; font-variant-numeric: tabular-nums; }
      .bar { height: 12px; border-radius: 6px; background: var(--line); overflow: hidden; }
      .bar span { display: block; height: 100%; background: var(--gold); }
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
      .loc { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 2px 8px; align-items: center; }
      .loc .bar { grid-column: 1 / -1; }
      .piece { display: grid; grid-template-columns: 64px minmax(0, 1fr) auto; gap: 10px; align-items: center; padding: 6px; }
      .piece pos-piece-art { width: 64px; height: 64px; }
      .piece strong { display: block; line-height: 1.25; }
      .line { padding: 6px 8px; }
      .history li { display: flex; justify-content: space-between; gap: 8px; }
      .missing { color: var(--danger); }
      .hint { color: var(--muted); margin: 4px 0; }
      .stack > * + * { margin-top: 12px; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('progress') && this.progress && this.progress.sweepId === this._open?.id) this._live = this.progress;
  }

  async #load(): Promise<void> {
    try {
      const [pieces, sweeps] = await Promise.all([searchPieces({ status: 'in_stock' }, 200), listSweeps(5)]);
      this._locations = [...new Set(pieces.map((piece) => piece.location))].sort();
      const open = sweeps.find((sweep) => sweep.state === 'open');
      if (open) await this.#follow(open);
      await this.#loadHistory();
    } catch (error) {
      this._error = error;
    }
  }

  /**
   * Earlier accuracy of what is chosen: counts of exactly this scope (the store, a showcase), and
   * when it is a tray or showcase, its own figure from wider counts that took it in.
   */
  async #loadHistory(): Promise<void> {
    const scope = this._scope;
    const [counts, located] = await Promise.all([accuracyHistory(undefined, HISTORY_SCAN), scope ? accuracyHistory(scope, HISTORY_LENGTH) : Promise.resolve([])]);
    const points = new Map<string, AccuracyPoint>();
    for (const point of [...located, ...counts.filter((point) => point.location === (scope ?? ''))]) if (!points.has(point.sweepId)) points.set(point.sweepId, point);
    this._history = [...points.values()].sort((a, b) => b.endedAt.localeCompare(a.endedAt)).slice(0, HISTORY_LENGTH);
  }

  async #follow(sweep: SweepRow): Promise<void> {
    const view = await sweepView(sweep.id);
    this._open = view.sweep;
    this._live = view.progress;
    this._result = null;
  }

  async #act(action: () => Promise<void>): Promise<void> {
    this._busy = true;
    this._error = null;
    try {
      await action();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }

  #start(recountOf?: string): Promise<void> {
    return this.#act(async () => this.#follow(await startSweep(recountOf ? null : this._scope, recountOf)));
  }

  #finish(): Promise<void> {
    return this.#act(async () => {
      const view = await finishSweep((this._open as SweepRow).id);
      this._open = null;
      this._live = null;
      this._result = view;
      this._marked = new Set();
      const missing = view.result?.missing.slice(0, PICTURED_MISSING) ?? [];
      const pieces = await Promise.all(missing.map((line) => findPiece(line.pieceId).catch(() => null)));
      this._pictures = new Map(pieces.filter((piece): piece is Piece => piece !== null).map((piece) => [piece.id, piece]));
      if (!view.sweep.recountOf) this._scope = view.sweep.scope;
      await this.#loadHistory();
    });
  }

  #markMissing(line: PieceLine, sweepId: string): Promise<void> {
    return this.#act(async () => {
      await markMissing(line.pieceId, t('stock.notFoundReason'), sweepId);
      this._marked = new Set([...this._marked, line.pieceId]);
    });
  }

  #cancel(): Promise<void> {
    return this.#act(async () => {
      await cancelSweep((this._open as SweepRow).id);
      this._open = null;
      this._live = null;
    });
  }

  #choose(scope: string | null): void {
    this._scope = scope;
    void this.#loadHistory().catch((error: unknown) => (this._error = error));
  }

  override render() {
    const body = this._open ? this.#renderLive(this._open) : this._result ? this.#renderResult(this._result) : this.#renderChoose();
    return html`<pos-problem .error=${this._error}></pos-problem>${body}`;
  }

  #scopeWords(scope: string | null): string {
    return scope ?? t('stock.wholeStore');
  }

  #renderChoose() {
    const showcases = [...new Set(this._locations.map(showcaseOf))];
    const showcase = this._scope ? showcaseOf(this._scope) : null;
    const trays = showcase ? this._locations.filter((location) => showcaseOf(location) === showcase && location !== showcase) : [];
    const chip = (scope: string | null, label: string) => html`<button aria-pressed=${String(this._scope === scope)} @click=${() => this.#choose(scope)}>${label}</button>`;
    return html`<div class="columns">
      <section class="card" aria-labelledby="what">
        <h2 id="what">${t('stock.whatToCount')}</h2>
        <div class="chips">${chip(null, t('stock.wholeStoreChip'))}${showcases.map((name) => chip(name, name))}</div>
        ${trays.length ? html`<h3>${t('stock.trays', { showcase: showcase as string })}</h3><div class="chips">${trays.map((name) => chip(name, name.slice((showcase as string).length + 3)))}</div>` : nothing}
        <p class="hint">${t('stock.startHint')}</p>
        <div class="actions">
          <button class="primary" ?disabled=${this._busy || !this.canCount} @click=${() => void this.#start()}>${t('stock.start', { scope: this.#scopeWords(this._scope) })}</button>
        </div>
      </section>
      <div class="stack">${this.#renderHistory()}<pos-stock-daily></pos-stock-daily></div>
    </div>`;
  }

  #renderHistory() {
    return html`<section class="card history" aria-labelledby="accuracy">
      <h2 id="accuracy">${t('stock.accuracyOf', { scope: this.#scopeWords(this._scope) })}</h2>
      ${this._history.length === 0
        ? html`<p class="hint">${t('stock.noHistory')}</p>`
        : html`<ul>${this._history.map((point) => html`<li><span>${dateTime(point.endedAt)} <span class="muted">${point.found} / ${point.expected}</span></span><strong class="amount">${accuracyWords(point.accuracyBp)}</strong></li>`)}</ul>`}
    </section>`;
  }

  #renderLive(sweep: SweepRow) {
    const live = this._live;
    const found = live?.found ?? 0;
    const expected = live?.expected ?? sweep.expected ?? 0;
    const share = (part: number, whole: number) => `${whole === 0 ? 0 : Math.min(100, (100 * part) / whole)}%`;
    return html`<div class="columns">
      <section class="card" aria-labelledby="counting">
        <h2 id="counting">${sweep.recountOf ? t('stock.recounting') : t('stock.counting', { scope: this.#scopeWords(sweep.scope) })}</h2>
        <p class="hint">${t('stock.readHint')}</p>
        <div class="big" role="status" aria-live="polite" data-found>${t('stock.foundOf', { found, expected })}</div>
        <div class="bar" aria-hidden="true"><span style="width:${share(found, expected)}"></span></div>
        <p>${t('stock.reads', { reads: live?.reads ?? 0, tags: live?.tags ?? 0 })}${live?.unexpected ? html` · ${t('stock.unexpectedSoFar', { count: live.unexpected })}` : nothing}</p>
        <div class="actions">
          <button class="primary" ?disabled=${this._busy} @click=${() => void this.#finish()}>${t('stock.finish')}</button>
          <button class="danger" ?disabled=${this._busy} @click=${() => void this.#cancel()}>${t('stock.cancel')}</button>
        </div>
      </section>
      <section class="card" aria-labelledby="byLocation">
        <h2 id="byLocation">${t('stock.byLocation')}</h2>
        <ul>${(live?.byLocation ?? []).map((row) => html`<li class="loc" data-location=${row.location}><span>${row.location}</span><span class="amount">${row.found} / ${row.expected}</span><div class="bar" aria-hidden="true"><span style="width:${share(row.found, row.expected)}"></span></div></li>`)}</ul>
      </section>
    </div>`;
  }

  #pieceCard(line: PieceLine, sweepId: string) {
    const piece = this._pictures.get(line.pieceId);
    const marked = this._marked.has(line.pieceId);
    return html`<li class="card piece" data-stock-no=${line.stockNo}>
      <pos-piece-art category=${piece?.category ?? 'other'} metal=${piece?.metal ?? 'gold'} .colour=${piece?.metalColour ?? null} .photo=${piece ? photoPath(piece) : null}></pos-piece-art>
      <div><strong>${line.description}</strong><span class="muted">${line.stockNo} · ${t('stock.lastSeenAt', { location: line.location })}</span></div>
      ${marked ? html`<span class="missing">${t('stock.status.missing')}</span>` : this.canMove ? html`<button ?disabled=${this._busy} @click=${() => void this.#markMissing(line, sweepId)}>${t('stock.action.missing')}</button>` : nothing}
    </li>`;
  }

  #renderResult(view: SweepView) {
    const result = view.result;
    if (!result) return nothing;
    const sweep = view.sweep;
    const lines = (items: PieceLine[], extra: (line: PieceLine) => string) =>
      html`<ul>${items.map((line) => html`<li class="card line" data-stock-no=${line.stockNo}><strong>${line.stockNo}</strong> ${line.description} <span class="muted">· ${extra(line)}</span></li>`)}</ul>`;
    // The missing pieces come first, in view on the smallest panel; the figures beside them.
    return html`<div class="columns">
      <div class="lists">
        <h2 class=${result.missing.length ? 'missing' : ''}>${t('stock.missing', { count: result.missing.length })}</h2>
        ${result.missing.length ? html`<ul aria-label=${t('stock.missing', { count: result.missing.length })}>${result.missing.map((line) => this.#pieceCard(line, sweep.id))}</ul>` : html`<p class="hint">${t('stock.noneMissing')}</p>`}
        ${result.unexpected.length
          ? html`<h2>${t('stock.unexpected', { count: result.unexpected.length })}</h2>
              <ul>${result.unexpected.map((tag) => html`<li class="card line" data-epc=${tag.epc}><strong>${tag.piece ? `${tag.piece.stockNo} ${tag.piece.description}` : tag.epc}</strong> <span class="muted">· ${tMaybe(`stock.why.${tag.reason}`) ?? tag.reason}</span></li>`)}</ul>`
          : nothing}
        ${result.away.length ? html`<h2>${t('stock.away', { count: result.away.length })}</h2>${lines(result.away, (line) => statusWords(line.status))}` : nothing}
        ${result.changed.length ? html`<h2>${t('stock.changed', { count: result.changed.length })}</h2>${lines(result.changed, (line) => statusWords(line.status))}` : nothing}
        ${result.untagged.length ? html`<h2>${t('stock.untagged', { count: result.untagged.length })}</h2><p class="hint">${t('stock.untaggedHint')}</p>${lines(result.untagged, (line) => line.location)}` : nothing}
      </div>
      <div class="stack">
        <section class="card" aria-labelledby="result">
          <h2 id="result">${t('stock.resultOf', { scope: sweep.recountOf ? t('stock.recount') : this.#scopeWords(sweep.scope) })}</h2>
          <div class="big" data-accuracy>${accuracyWords(result.overall.accuracyBp)}</div>
          <p>${t('stock.resultLine', { found: result.overall.found, expected: result.overall.expected, missing: result.missing.length })}</p>
          <div class="actions">
            ${result.missing.length && this.canCount ? html`<button class="primary" ?disabled=${this._busy} @click=${() => void this.#start(sweep.id)}>${t('stock.recountMissing', { count: result.missing.length })}</button>` : nothing}
            <button ?disabled=${this._busy} @click=${() => (this._result = null)}>${t('stock.newCount')}</button>
          </div>
        </section>
        <section class="card" aria-labelledby="perLocation">
          <h2 id="perLocation">${t('stock.byLocation')}</h2>
          <ul class="history">${result.byLocation.map((row) => html`<li><span>${row.location} <span class="muted">${row.found} / ${row.expected}</span></span><strong class="amount">${accuracyWords(row.accuracyBp)}</strong></li>`)}</ul>
        </section>
        ${this.#renderHistory()}
        ${this.canCount ? html`<pos-stock-daily .sweep=${sweep}></pos-stock-daily>` : nothing}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-stock-sweep': PosStockSweep;
  }
}
