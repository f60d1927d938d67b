import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEVICE_ERRORS, DeviceError, isDeviceError, toDeviceError, type DeviceErrorDefinition } from '../../drivers/errors.ts';
import { RUNTIME_ERRORS, type ErrorDefinition } from '../../runtime/src/errors.ts';

// The runtime merges DEVICE_ERRORS into its registry: the shapes must stay assignable both ways.
const asRuntime: Record<string, ErrorDefinition> = DEVICE_ERRORS;
const asDevice: Record<string, DeviceErrorDefinition> = RUNTIME_ERRORS;

const registry = suite('DEVICE_ERRORS');

registry('should be mergeable into the runtime registry :: same shape, no code taken twice', () => {
  assert.ok(asRuntime && asDevice);
  const runtimeCodes = new Set(Object.keys(RUNTIME_ERRORS));
  assert.equal(Object.keys(DEVICE_ERRORS).filter((code) => runtimeCodes.has(code)), []);
});

registry('should name every code LOUPE_E_<AREA>_<WHAT> with a clerk message and a hint :: 30 codes', () => {
  const codes = Object.entries(DEVICE_ERRORS);
  assert.is(codes.length, 30);
  for (const [code, definition] of codes) {
    assert.match(code, /^LOUPE_E_(DEVICE|RFID|SCALE|PRINTER|DRAWER|GPIO|SCANNER)_[A-Z_]+$/, code);
    assert.match(definition.message, /^[A-Z].*\.$/, `${code} message`);
    assert.ok(definition.hint.length > 10 && definition.hint.endsWith('.'), `${code} hint`);
    assert.not.match(definition.message, /undefined|null|errno|EIO|ENOENT/i, `${code} message speaks to a clerk`);
  }
});

registry.run();

// ---

const error = suite('DeviceError');

error('should carry code, status, hint, details and flags :: a timeout', () => {
  const e = new DeviceError('LOUPE_E_DEVICE_TIMEOUT', { reason: 'Timeout after 800ms [cmd=SI port=/dev/ttyUSB0]' });
  assert.is(e.code, 'LOUPE_E_DEVICE_TIMEOUT');
  assert.is(e.status, 503);
  assert.is(e.hint, DEVICE_ERRORS.LOUPE_E_DEVICE_TIMEOUT.hint);
  assert.is(e.message, 'The device did not answer in time. (Timeout after 800ms [cmd=SI port=/dev/ttyUSB0])');
  assert.equal([e.timedOut, e.disconnected], [true, false]);
  assert.ok(isDeviceError(e, 'LOUPE_E_DEVICE_TIMEOUT'));
});

error('should turn OS errors into device errors :: EACCES → PERMISSION, EIO → DISCONNECTED', () => {
  assert.is(toDeviceError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })).code, 'LOUPE_E_DEVICE_PERMISSION');
  const io = toDeviceError(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
  assert.is(io.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.is(io.details?.osCode, 'EIO');
  assert.ok(io.disconnected);
});

error.run();
