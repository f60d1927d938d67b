/** One MT-SICS reply line, parsed by pattern, and its writer (for the simulator). */
import type { ScaleReply } from '../dialect.ts';
import { MTSICS_ERROR, MTSICS_STATUS } from './constants.ts';

const REPLY = /(?:^|[^A-Z0-9])(S|Z|ZI|T|I4) ([SDIA+-])(?: +(.*))?$/;
const ERROR = /(?:^|[^A-Z])(ES|ET|EL)$/;
const WEIGHT = /^(-?\d*\.?\d+)\s+(\S{1,4})$/;

/** The reply a line carries, or null when it is not MT-SICS (counted as malformed). */
export function parseMtSicsLine(line: string): ScaleReply | null {
  const error = ERROR.exec(line);
  if (error) return { kind: 'error', reason: `${error[1]} ${MTSICS_ERROR[error[1] as keyof typeof MTSICS_ERROR]}` };
  const reply = REPLY.exec(line);
  if (!reply) return null;
  const [, id, status, data = ''] = reply;
  if (id === 'S') {
    if (status === MTSICS_STATUS.OVERLOAD) return { kind: 'reading', status: 'overload', value: '', unitSymbol: '' };
    if (status === MTSICS_STATUS.UNDERLOAD) return { kind: 'reading', status: 'underload', value: '', unitSymbol: '' };
    if (status === MTSICS_STATUS.NOT_EXECUTABLE) return { kind: 'refused', reason: 'S I: no stable weight in time, or busy' };
    const weight = WEIGHT.exec(data.trim());
    if (!weight || (status !== MTSICS_STATUS.STABLE && status !== MTSICS_STATUS.DYNAMIC)) return null;
    return { kind: 'reading', status: status === MTSICS_STATUS.STABLE ? 'stable' : 'unstable', value: weight[1] as string, unitSymbol: weight[2] as string };
  }
  if (id === 'Z' || id === 'ZI') {
    if (status === MTSICS_STATUS.DONE || (id === 'ZI' && (status === 'S' || status === 'D'))) return { kind: 'accepted' };
    return { kind: 'refused', reason: `${id} ${status}: ${status === 'I' ? 'not executable now' : 'outside the zero range'}` };
  }
  if (id === 'T') return status === MTSICS_STATUS.STABLE ? { kind: 'accepted' } : { kind: 'refused', reason: `T ${status}: tare not executable now` };
  return null;
}

/** `S S     100.00 g` + CR LF: the value right-aligned in 10 characters [likely]. */
export function formatMtSicsWeight(id: string, status: string, value: string, unitSymbol: string): string {
  return `${id} ${status} ${value.padStart(10, ' ')} ${unitSymbol}\r\n`;
}
