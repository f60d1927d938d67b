/**
 * Status replies: one byte each, checked against their fixed bits (the only integrity check the
 * protocol has), decoded into what the clerk needs to know. DLE EOT replies (0xx1xx10b) and
 * GS r 1 replies (0000xxxx) never look alike.
 */
import { STATUS_BIT, STATUS_FIXED_MASK, STATUS_FIXED_VALUE, STATUS_QUERY } from './constants.ts';

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** The drawer switch input (pin 3); which level means "open" depends on the drawer. */
  drawerPin3High: boolean;
  error: boolean;
}

export function isStatusByte(byte: number): boolean {
  return (byte & STATUS_FIXED_MASK) === STATUS_FIXED_VALUE;
}

/** Decodes the replies to DLE EOT 1, 2 and 4. */
export function decodeStatus(replies: { printer: number; offline: number; paper: number }): PrinterStatus {
  return {
    online: (replies.printer & STATUS_BIT.OFFLINE) === 0,
    drawerPin3High: (replies.printer & STATUS_BIT.DRAWER_PIN3_HIGH) !== 0,
    coverOpen: (replies.offline & STATUS_BIT.COVER_OPEN) !== 0,
    error: (replies.offline & STATUS_BIT.ERROR) !== 0,
    paperNearEnd: (replies.paper & STATUS_BIT.PAPER_NEAR_END) === STATUS_BIT.PAPER_NEAR_END,
    paperOut: (replies.paper & STATUS_BIT.PAPER_END) === STATUS_BIT.PAPER_END || (replies.offline & STATUS_BIT.STOPPED_BY_PAPER_END) !== 0,
  };
}

/** The reply a printer in `status` gives to DLE EOT n (the simulator answers with this). */
export function encodeStatus(n: number, status: PrinterStatus): number {
  let byte = STATUS_FIXED_VALUE;
  if (n === STATUS_QUERY.PRINTER) {
    if (!status.online) byte |= STATUS_BIT.OFFLINE;
    if (status.drawerPin3High) byte |= STATUS_BIT.DRAWER_PIN3_HIGH;
  } else if (n === STATUS_QUERY.OFFLINE_CAUSE) {
    if (status.coverOpen) byte |= STATUS_BIT.COVER_OPEN;
    if (status.paperOut) byte |= STATUS_BIT.STOPPED_BY_PAPER_END;
    if (status.error) byte |= STATUS_BIT.ERROR;
  } else if (n === STATUS_QUERY.ROLL_PAPER) {
    if (status.paperNearEnd) byte |= STATUS_BIT.PAPER_NEAR_END;
    if (status.paperOut) byte |= STATUS_BIT.PAPER_END;
  }
  return byte;
}

export type StatusReply = { kind: 'realtime' | 'paper-sensor'; byte: number };

/** Pulls status replies out of the stream; bytes that fit neither form are dropped and counted. */
export class StatusParser {
  #invalid = 0;

  get invalid(): number {
    return this.#invalid;
  }

  push(chunk: Buffer): StatusReply[] {
    const replies: StatusReply[] = [];
    for (const byte of chunk) {
      if (isStatusByte(byte)) replies.push({ kind: 'realtime', byte });
      else if ((byte & 0xf0) === 0) replies.push({ kind: 'paper-sensor', byte });
      else this.#invalid += 1;
    }
    return replies;
  }
}
