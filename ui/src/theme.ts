/**
 * The shared look: ivory paper, deep ink, a champagne-gold accent; serif titles, sans body text.
 * Tokens are CSS custom properties set on the page (index.html) so a component may override them.
 * Touch: every control at least 48 px, a visible press on every tap, no hover-only affordance.
 */
import { css } from 'lit';

export const HOLD_FEEDBACK_MS = 90;

export const theme = css`
  :host {
    color: var(--ink);
    font-family: var(--sans);
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  h1, h2, h3 { font-family: var(--serif); font-weight: 600; margin: 0; letter-spacing: 0.01em; }
  button {
    min-height: var(--touch);
    min-width: var(--touch);
    padding: 0 18px;
    font: inherit;
    font-size: 1rem;
    color: var(--ink);
    background: var(--paper);
    border: 1px solid var(--line-strong);
    border-radius: var(--radius);
    cursor: pointer;
    touch-action: manipulation;
    -webkit-tap-highlight-color: transparent;
    transition: transform ${HOLD_FEEDBACK_MS}ms ease-out;
  }
  button:active:not(:disabled) { transform: scale(0.96); background: var(--gold-soft); }
  button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--gold); outline-offset: 2px; }
  button.primary { background: var(--ink); color: var(--ivory); border-color: var(--ink); font-weight: 600; }
  button.primary:active:not(:disabled) { background: var(--ink-soft); }
  button.gold { background: var(--gold); color: #fff; border-color: var(--gold); font-weight: 600; }
  button.danger { color: var(--danger); border-color: var(--danger); }
  button.quiet { border-color: transparent; background: transparent; }
  button[aria-pressed='true'] { background: var(--ink); color: var(--ivory); border-color: var(--ink); }
  button:disabled { opacity: 0.45; cursor: default; }
  input, select {
    min-height: var(--touch);
    font: inherit;
    font-size: 1rem;
    padding: 0 12px;
    color: var(--ink);
    background: var(--paper);
    border: 1px solid var(--line-strong);
    border-radius: var(--radius);
  }
  .amount { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .muted { color: var(--muted); }
  [aria-pressed='true'] .muted, [aria-current='page'] .muted { color: #e3d7c2; }
  .card { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); }
  .row { display: flex; gap: 8px; align-items: center; }
  .grow { flex: 1; min-width: 0; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
