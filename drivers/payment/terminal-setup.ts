/**
 * Where the runtime gets its card terminal, in one place: the nexo terminal at the configured
 * address, or — when none is configured (demo, tests) — the same driver pointed at a
 * `PaymentTerminalSimulator` started on loopback, which speaks the same bytes.
 */
import { NexoTerminal, type NexoTerminalOptions } from './nexo-terminal.ts';
import { PaymentTerminalSimulator } from './simulator.ts';

export interface PaymentTerminalSetup {
  terminal: NexoTerminal;
  /** The simulator behind `terminal`; null when a real terminal is configured. */
  simulator: PaymentTerminalSimulator | null;
  /** Stops the simulator, if one was started. */
  stop(): Promise<void>;
}

/** `url` empty: simulate the terminal. */
export async function startPaymentTerminal(options: NexoTerminalOptions): Promise<PaymentTerminalSetup> {
  const simulator = options.url === '' ? new PaymentTerminalSimulator(options.currencyExponent) : null;
  const url = simulator ? await simulator.start() : options.url;
  return {
    terminal: new NexoTerminal({ ...options, url }),
    simulator,
    stop: async () => simulator?.stop(),
  };
}
