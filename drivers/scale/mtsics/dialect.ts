/** MT-SICS as a scale dialect. */
import type { ScaleDialect } from '../dialect.ts';
import { MTSICS_COMMAND } from './constants.ts';
import { MtSicsParser } from './parser.ts';

export function mtSicsDialect(): ScaleDialect {
  return {
    protocol: 'mt-sics',
    createParser: () => new MtSicsParser(),
    commands: { weighNow: MTSICS_COMMAND.WEIGHT_IMMEDIATELY, zero: MTSICS_COMMAND.ZERO, tare: MTSICS_COMMAND.TARE },
  };
}
