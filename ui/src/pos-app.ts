/**
 * The shell the kiosk shows: sign-in and lock screen, the device status bar, the navigation rail
 * and the screen in use. It holds the shared slices — session, open sale, devices — hands them to
 * the screens as properties, and routes the live channel: a scanned piece goes into the sale, a
 * scanned receipt opens returns, an RFID read is offered, device and HQ news reach the status bar.
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { theme } from './theme.ts';
import { ICONS } from './components/icons.ts';
import './components/pos-approval-dialog.ts';
import './components/pos-device-panel.ts';
import './components/pos-problem.ts';
import './components/pos-card-recovery.ts';
import './components/pos-status-bar.ts';
import './screens/pos-cash.ts';
import './screens/pos-catalog.ts';
import './screens/pos-clients.ts';
import './screens/pos-receipt.ts';
import './screens/pos-returns.ts';
import './screens/pos-sale.ts';
import './screens/pos-settings.ts';
import './screens/pos-sign-in.ts';
import './screens/pos-tender.ts';
// Stock control (RFID sweeps, commissioning, movements).
import './screens/pos-stock.ts';
import type { SweepProgress } from './data/stock.ts';
import type { Readings } from './components/pos-device-panel.ts';
import { onSessionChange, setToken } from './data/api.ts';
import { registerApprovalAsker, withApproval } from './data/approval.ts';
import { lock, signOut, type Session } from './data/auth.ts';
import { findPiece, type Piece } from './data/catalog.ts';
import { fromHealth, withHealth, type DeviceView } from './data/devices.ts';
import { LiveChannel } from './data/live.ts';
import type { LiveMessage } from '../../runtime/src/wire/live.ts';
import { recoveredCardPayments, type CardPayment } from './data/payments.ts';
import { addPiece, exchangeInto, openCart, RECEIPT_NO, type Cart, type CompletedSale } from './data/sales.ts';
import { health, storeFace, type Health } from './data/system.ts';
import { clock, setStoreFace, storeCurrency } from './format.ts';
import { setLanguage, t, type Language } from './i18n/translate.ts';

type Screen = 'sale' | 'tender' | 'receipt' | 'returns' | 'catalog' | 'cash' | 'settings' | 'clients' | 'stock';
const NAV: { screen: 'sale' | 'returns' | 'catalog' | 'cash' | 'settings' | 'clients' | 'stock'; permission: Session['permissions'][number] }[] = [
  { screen: 'sale', permission: 'sale.sell' },
  { screen: 'clients', permission: 'client.read' },
  { screen: 'returns', permission: 'sale.sell' },
  { screen: 'catalog', permission: 'catalog.read' },
  { screen: 'cash', permission: 'sale.sell' },
  { screen: 'stock', permission: 'stock.read' },
  { screen: 'settings', permission: 'settings.read' },
];
const HEALTH_POLL_MS = 15_000;
/** A notice (a scan that could not be added) stays this long unless tapped away. */
const NOTICE_MS = 8_000;

@customElement('pos-app')
export class PosApp extends LitElement {
  @state() private _phase: 'starting' | 'signed-out' | 'locked' | 'open' = 'starting';
  @state() private _session: Session | null = null;
  @state() private _language: Language = 'en';
  @state() private _screen: Screen = 'sale';
  @state() private _cart: Cart | null = null;
  @state() private _completed: { sale: CompletedSale; at: string; clerk: string } | null = null;
  @state() private _receiptNo = '';
  @state() private _tagged: Piece | null = null;
  @state() private _health: Health | null = null;
  @state() private _devices: DeviceView[] = [];
  /** Whether the live channel is up: without it scans and device news do not reach this screen. */
  @state() private _live = false;
  @state() private _readings: Readings = { weight: null, tag: null, scan: null };
  @state() private _devicePanel = false;
  @state() private _approval: { permission: string; resolve: (token: string | null) => void } | null = null;
  @state() private _notice: unknown = null;
  /** Card payments reversed after a restart that this clerk has not yet marked as read. */
  @state() private _recoveredCards: CardPayment[] = [];
  #cardsSeen = new Set<string>();
  @state() private _now = new Date();
  /** The client whose profile the Clients screen shows; null: the list. */
  @state() private _clientId: string | null = null;
  /** Stock: the handheld's latest sweep counters, and a code scanned while the stock screen is up. */
  @state() private _sweepProgress: SweepProgress | null = null;
  @state() private _stockScan: { code: string; at: number } | null = null;
  #live: LiveChannel | null = null;
  #timers: ReturnType<typeof setInterval>[] = [];
  #idle: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #onTouch = () => this.#armIdleLock();
  /** Adds are chained so two quick scans never open two sales. */
  #adding: Promise<unknown> = Promise.resolve();

  static override styles = [
    theme,
    css`
      :host { display: block; height: 100vh; }
      .frame { display: grid; grid-template-rows: 48px 1fr; grid-template-columns: 84px 1fr; height: 100%; }
      pos-status-bar { grid-column: 1 / -1; }
      nav { display: flex; flex-direction: column; gap: 4px; padding: 6px; background: var(--paper); border-right: 1px solid var(--line); overflow: auto; }
      nav button { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 2px; padding: 4px 2px; min-height: 58px; font-size: 0.75rem; border-color: transparent; background: transparent; }
      nav button[aria-current='page'] { background: var(--ink); color: var(--ivory); }
      nav .end { margin-top: auto; }
      /* The 800×480 panel: the manager's rail holds eight buttons, Lock included, without scrolling; the clerk's name on one line. */
      @media (max-height: 520px) {
        nav { gap: 2px; padding: 4px 6px; }
        nav button { min-height: var(--touch); padding: 2px; }
        nav .clerk { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 68px; }
      }
      .clerk { font-size: 0.75rem; text-align: center; color: var(--muted); overflow-wrap: anywhere; padding: 2px; }
      main { min-height: 0; min-width: 0; overflow: hidden; }
      main > * { height: 100%; }
      .cards { position: fixed; left: 96px; right: 12px; top: 56px; z-index: 30; }
      .notice { position: fixed; left: 96px; right: 12px; bottom: 12px; z-index: 30; box-shadow: 0 8px 24px rgb(0 0 0 / 0.2); border-radius: var(--radius); background: var(--paper); padding: 0; width: auto; height: auto; text-align: left; border: 0; }
      .starting { display: grid; place-content: center; height: 100%; font-family: var(--serif); font-size: 1.6rem; color: var(--muted); }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    registerApprovalAsker((permission) => new Promise((resolve) => (this._approval = { permission, resolve })));
    onSessionChange((change) => {
      if (change === 'ended') void this.#signOut();
      else if (this._phase === 'open') this._phase = 'locked';
    });
    this.#timers.push(setInterval(() => (this._now = new Date()), 15_000));
    this.#timers.push(setInterval(() => void this.#refreshHealth(), HEALTH_POLL_MS));
    window.addEventListener('pointerdown', this.#onTouch, { capture: true });
    // The store's locale and time zone first: the sign-in screen already shows the store's time.
    const face = storeFace()
      .then(setStoreFace)
      .catch(() => undefined);
    void Promise.all([this.#refreshHealth(), face]).finally(() => (this._phase = 'signed-out'));
  }

  override disconnectedCallback(): void {
    window.removeEventListener('pointerdown', this.#onTouch, { capture: true });
    for (const timer of this.#timers) clearInterval(timer);
    this.#live?.close();
    super.disconnectedCallback();
  }

  async #refreshHealth(): Promise<void> {
    try {
      const current = await health();
      this._health = current;
      this._devices = fromHealth(current);
    } catch (error) {
      if (this._phase === 'open') this.#notify(error);
    }
  }

  #notify(error: unknown): void {
    this._notice = error;
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this._notice = null), NOTICE_MS);
  }

  /** Locks the screen after the appliance's idle time without a touch, before the appliance does. */
  #armIdleLock(): void {
    clearTimeout(this.#idle);
    const seconds = this._session?.idleLockSeconds;
    if (this._phase !== 'open' || !seconds) return;
    this.#idle = setTimeout(() => void this.#lock(), seconds * 1000);
  }

  async #lock(): Promise<void> {
    await lock().catch(() => undefined);
    this._phase = 'locked';
  }

  async #signedIn(token: string, session: Session): Promise<void> {
    this._session = session;
    setStoreFace(await storeFace());
    this.#live?.close();
    this.#live = new LiveChannel(
      token,
      (message) => this.#onLive(message),
      (connected) => {
        this._live = connected;
        void this.#refreshHealth();
      },
      () => void this.#signOut(),
    );
    this._screen = 'sale';
    this._phase = 'open';
    this.#armIdleLock();
    void this.#refreshRecoveredCards();
  }

  async #refreshRecoveredCards(): Promise<void> {
    const payments = await recoveredCardPayments().catch(() => []);
    this._recoveredCards = payments.filter((payment) => !this.#cardsSeen.has(payment.id));
  }

  async #signOut(): Promise<void> {
    if (this._phase === 'signed-out') return;
    this._phase = 'signed-out';
    await signOut().catch(() => undefined);
    setToken(null);
    this.#live?.close();
    this.#live = null;
    this._session = null;
    this._cart = null;
    this._completed = null;
    this._clientId = null;
  }

  #onLive(message: LiveMessage): void {
    switch (message.type) {
      case 'barcodeScanned':
        this._readings = { ...this._readings, scan: { scanner: message.scanner, code: message.code } };
        if (this._phase === 'open') this.#scanned(message.code);
        break;
      case 'tagRead':
        this._readings = { ...this._readings, tag: { reader: message.reader, epc: message.epc } };
        if (this._phase === 'open' && this._screen === 'sale') void this.#offerTag(message.epc);
        break;
      case 'weightChanged':
        this._readings = { ...this._readings, weight: { status: message.status, micrograms: message.micrograms, shown: message.shown } };
        break;
      case 'deviceHealthChanged':
        this._devices = withHealth(this._devices, message);
        break;
      case 'hqLink':
        void this.#refreshHealth();
        break;
      case 'ledgerCommitted':
        if (message.action === 'payment.reversed') void this.#refreshRecoveredCards();
        break;
      case 'sweepProgress':
        this._sweepProgress = message;
        break;
    }
  }

  #scanned(code: string): void {
    // A clerk scanning is at the counter as surely as one touching the screen.
    this.#armIdleLock();
    if (this._screen === 'stock') {
      this._stockScan = { code, at: Date.now() };
      return;
    }
    if (RECEIPT_NO.test(code)) {
      this._receiptNo = '';
      this._screen = 'returns';
      void this.updateComplete.then(() => (this._receiptNo = code));
    } else void this.#add(code);
  }

  async #offerTag(epc: string): Promise<void> {
    const piece = await findPiece(epc).catch(() => null);
    const inSale = this._cart?.lines.some((line) => line.stockNo === piece?.stockNo);
    this._tagged = piece && piece.status === 'in_stock' && !inSale ? piece : null;
  }

  /** Rings a piece up by any of its codes, opening a sale first if none is open. */
  #add(code: string): Promise<unknown> {
    this.#adding = this.#adding.then(async () => {
      try {
        const cart = this._cart ?? (await openCart());
        this._cart = await addPiece(cart.id, code).catch((error: unknown) => {
          this._cart = cart;
          throw error;
        });
        if (this._tagged?.stockNo === code) this._tagged = null;
        if (this._screen !== 'tender') this._screen = 'sale';
      } catch (error) {
        this.#notify(error);
      }
    });
    return this.#adding;
  }

  /** The pieces coming back pay, as store credit, towards the open sale; then on to payment of the rest. */
  async #exchange(receiptNo: string, lines: { lineId: string; quantity: number }[]): Promise<void> {
    try {
      const cart = this._cart as Cart;
      this._cart = await withApproval((approval) => exchangeInto(cart.id, receiptNo, lines, approval));
      this._screen = 'tender';
    } catch (error) {
      this.#notify(error);
    }
  }

  #navigate(screen: Screen): void {
    if (screen === 'sale' && this._screen === 'receipt') this._completed = null;
    if (screen === 'clients') this._clientId = null;
    this._screen = screen;
    this._tagged = null;
  }

  #language(language: Language): void {
    setLanguage(language);
    this._language = language;
  }

  override render() {
    if (this._phase === 'starting') return html`<div class="starting">Loupe</div>`;
    const storeName = this._health?.store.name ?? '';
    if (this._phase !== 'open') {
      return keyed(
        this._language,
        html`<pos-sign-in storeName=${storeName} .locked=${this._phase === 'locked' ? this._session : null}
          @pos-language=${(event: CustomEvent<Language>) => this.#language(event.detail)}
          @pos-signed-in=${(event: CustomEvent<{ token: string; session: Session }>) => void this.#signedIn(event.detail.token, event.detail.session)}
          @pos-unlocked=${(event: CustomEvent<Session>) => ((this._session = event.detail), (this._phase = 'open'), this.#armIdleLock())}
          @pos-sign-out=${() => void this.#signOut()}></pos-sign-in>`,
      );
    }
    const allowed = new Set<string>(this._session?.permissions ?? []);
    return keyed(
      this._language,
      html`<div class="frame"
        @pos-add=${(event: CustomEvent<string>) => void this.#add(event.detail)}
        @pos-cart=${(event: CustomEvent<Cart | null>) => (this._cart = event.detail)}
        @pos-pay=${() => (this._screen = 'tender')}
        @pos-navigate=${(event: CustomEvent<Screen>) => this.#navigate(event.detail)}
        @pos-completed=${(event: CustomEvent<CompletedSale>) => ((this._completed = { sale: event.detail, at: new Date().toISOString(), clerk: this._session?.staff.name ?? '' }), (this._cart = null), (this._screen = 'receipt'))}
        @pos-exchange=${(event: CustomEvent<{ receiptNo: string; lines: { lineId: string; quantity: number }[] }>) => void this.#exchange(event.detail.receiptNo, event.detail.lines)}
        @pos-client-open=${(event: CustomEvent<string | null>) => ((this._clientId = event.detail), (this._screen = 'clients'))}
        @pos-devices=${() => (this._devicePanel = true)}>
        <pos-status-bar .devices=${this._devices} .health=${this._health} ?live=${this._live} time=${clock(this._now)}></pos-status-bar>
        <nav aria-label=${t('nav.label')}>
          ${NAV.filter((item) => allowed.has(item.permission)).map(
            (item) => html`<button aria-current=${this._screen === item.screen || (item.screen === 'sale' && (this._screen === 'tender' || this._screen === 'receipt')) ? 'page' : 'false'} @click=${() => this.#navigate(item.screen)}>
              ${ICONS[item.screen]}${t(`nav.${item.screen}`)}</button>`,
          )}
          <div class="end clerk">${this._session?.staff.name ?? ''}</div>
          <button @click=${() => void this.#lock()}>${ICONS.lock}${t('nav.lock')}</button>
        </nav>
        <main>${this.#renderScreen()}</main>
      </div>
      ${this._devicePanel ? html`<pos-device-panel .devices=${this._devices} .health=${this._health} .readings=${this._readings} @pos-close=${() => (this._devicePanel = false)}></pos-device-panel>` : nothing}
      ${this._approval
        ? html`<pos-approval-dialog permission=${this._approval.permission}
            @pos-approved=${(event: CustomEvent<string>) => (this._approval?.resolve(event.detail), (this._approval = null))}
            @pos-close=${() => (this._approval?.resolve(null), (this._approval = null))}></pos-approval-dialog>`
        : nothing}
      ${this._recoveredCards.length > 0
        ? html`<pos-card-recovery class="cards" .payments=${this._recoveredCards}
            @pos-close=${() => (this._recoveredCards.forEach((payment) => this.#cardsSeen.add(payment.id)), (this._recoveredCards = []))}></pos-card-recovery>`
        : nothing}
      ${this._notice ? html`<button class="notice" @click=${() => (this._notice = null)}><pos-problem .error=${this._notice}></pos-problem><span class="visually-hidden">${t('common.dismiss')}</span></button>` : nothing}`,
    );
  }

  #renderScreen() {
    switch (this._screen) {
      case 'sale':
        return html`<pos-sale .cart=${this._cart} .tagged=${this._tagged}></pos-sale>`;
      case 'tender':
        return html`<pos-tender .cart=${this._cart}></pos-tender>`;
      case 'receipt':
        return html`<pos-receipt .sale=${this._completed?.sale ?? null} storeName=${this._health?.store.name ?? ''} clerk=${this._completed?.clerk ?? ''} completedAt=${this._completed?.at ?? ''}></pos-receipt>`;
      case 'returns':
        return html`<pos-returns receiptNo=${this._receiptNo} ?saleOpen=${(this._cart?.lines.length ?? 0) > 0}></pos-returns>`;
      case 'catalog':
        return html`<pos-catalog></pos-catalog>`;
      case 'cash':
        return html`<pos-cash currency=${storeCurrency()}></pos-cash>`;
      case 'settings':
        return html`<pos-settings></pos-settings>`;
      case 'clients':
        return html`<pos-clients .clientId=${this._clientId} .cart=${this._cart} ?canOutreach=${this._session?.permissions.includes('client.outreach') ?? false}></pos-clients>`;
      case 'stock':
        return html`<pos-stock .permissions=${this._session?.permissions ?? []} .progress=${this._sweepProgress} .scan=${this._stockScan}></pos-stock>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-app': PosApp;
  }
}
