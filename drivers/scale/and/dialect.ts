/** The A&D standard format as a scale dialect. */
import type { ScaleDialect } from '../dialect.ts';
import { AND_COMMAND } from './constants.ts';
import { AndParser } from './parser.ts';

/**
 * Loupe expects the balance's "error code output" setting on (function table `5if` → `ErCd 1`),
 * so control commands are acknowledged (ACK) or refused (`EC,E11`) instead of answered by silence.
 */
export function andDialect(options: { zeroCommand?: 'R' | 'Z' } = {}): ScaleDialect {
  return {
    protocol: 'and',
    createParser: () => new AndParser(),
    commands: { weighNow: AND_COMMAND.IMMEDIATE, zero: options.zeroCommand ?? AND_COMMAND.RE_ZERO, tare: AND_COMMAND.TARE },
  };
}
