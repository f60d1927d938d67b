/**
 * What the scale driver needs from a protocol: its commands and a parser that turns the byte
 * stream into replies the driver understands. A&D standard format and MT-SICS implement it.
 */
import type { ScaleStatus } from './interface.ts';

export type ScaleReply =
  | { kind: 'reading'; status: ScaleStatus; value: string; unitSymbol: string }
  /** Zero or tare done (A&D ACK, MT-SICS `Z A` / `T S`). */
  | { kind: 'accepted' }
  /** Zero or tare refused: in motion, outside the zero range, busy. */
  | { kind: 'refused'; reason: string }
  /** The scale did not understand or could not take the command (`ES`, `EC,E01`…). */
  | { kind: 'error'; reason: string };

export interface ScaleParser {
  push(chunk: Buffer): ScaleReply[];
  reset(): void;
  /** Lines dropped because they matched no reply of the protocol. */
  readonly malformed: number;
}

export interface ScaleDialect {
  readonly protocol: 'and' | 'mt-sics';
  createParser(): ScaleParser;
  /** Command texts; the driver ends each with CR LF. */
  readonly commands: { readonly weighNow: string; readonly zero: string; readonly tare: string };
}
