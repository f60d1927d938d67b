import { SerialPortMock } from 'serialport';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { andDialect } from '../../../drivers/scale/and/dialect.ts';
import { SerialScale } from '../../../drivers/scale/scale.ts';
import { serialOpener, tcpOpener } from '../../../drivers/serial/openers.ts';
import { PortSupervisor } from '../../../drivers/serial/supervisor.ts';
import { waitFor } from '../helpers/eventually.ts';

const binding = suite('serialOpener with an injected binding');

binding.after.each(() => {
  SerialPortMock.binding.reset();
});

binding('should run a driver on serialport’s mock binding :: SI written, ST line read back as 1.234 g', async () => {
  SerialPortMock.binding.createPort('/dev/ttyMOCK0', { record: true });
  const created: SerialPortMock[] = [];
  const opener = serialOpener('/dev/ttyMOCK0', { baudRate: 2400, dataBits: 7, parity: 'even' }, (options) => {
    const port = new SerialPortMock(options);
    created.push(port);
    return port;
  }, 0);
  const scale = new SerialScale({ device: 'scale', opener, dialect: andDialect(), pollMs: 60_000 });
  await scale.start();
  try {
    const reading = scale.read();
    const mockPort = () => created[0]?.port;
    await waitFor('SI on the wire', () => mockPort()?.recording.toString('latin1') === 'SI\r\n');
    mockPort()?.emitData(Buffer.from('ST,+0001.234  g\r\n'));
    const { status, micrograms } = await reading;
    assert.equal({ status, micrograms }, { status: 'stable', micrograms: 1_234_000n });
    const options = mockPort()?.openOptions;
    assert.equal({ baudRate: options?.baudRate, dataBits: options?.dataBits, parity: options?.parity }, { baudRate: 2400, dataBits: 7, parity: 'even' });
  } finally {
    await scale.stop();
  }
});

binding('should refuse a port that does not exist :: reconnecting with the binding’s reason', async () => {
  const supervisor = new PortSupervisor({ device: 'scale', opener: serialOpener('/dev/ttyMOCK9', { baudRate: 9600 }, (options) => new SerialPortMock(options), 0), backoffMs: [60_000] });
  await supervisor.start();
  assert.is(supervisor.health.state, 'reconnecting');
  assert.match(supervisor.health.lastError?.message ?? '', /ttyMOCK9/);
  await supervisor.stop();
});

binding.run();

// ---

const tcp = suite('tcpOpener');

tcp('should refuse a port nobody listens on :: ECONNREFUSED becomes reconnecting', async () => {
  const supervisor = new PortSupervisor({ device: 'receipt-printer', opener: tcpOpener('127.0.0.1', 9), backoffMs: [60_000] });
  await supervisor.start();
  assert.is(supervisor.health.state, 'reconnecting');
  assert.match(supervisor.health.lastError?.message ?? '', 'ECONNREFUSED');
  await supervisor.stop();
});

tcp.run();
