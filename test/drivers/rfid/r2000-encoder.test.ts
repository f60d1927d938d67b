import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodePieceTag } from '../../../drivers/rfid/piece-tag.ts';
import { R2000Encoder } from '../../../drivers/rfid/r2000/encoder.ts';
import { R2000Simulator } from '../../../drivers/rfid/r2000/simulator.ts';
import type { A0Frame } from '../../../drivers/rfid/r2000/frame.ts';
import { A0Parser } from '../../../drivers/rfid/r2000/parser.ts';
import { serialOpener } from '../../../drivers/serial/openers.ts';
import { PortSupervisor } from '../../../drivers/serial/supervisor.ts';
import { rejectionOf, waitFor } from '../helpers/eventually.ts';
import { trackUnhandled } from '../helpers/unhandled.ts';

const FACTORY = 'E2806894000040123456789A';
const OTHER = 'E2806894000040123456789B';
const FACTORY_128 = 'E2801160600002040C1A2B3C4D5E6F70';
const PIECE = encodePieceTag({ companyPrefix: '0614141', styleNumber: 12345, pieceNumber: 67n });

interface Context {
  sim: R2000Simulator;
  encoder: R2000Encoder;
  unhandled: ReturnType<typeof trackUnhandled>;
}

const encoder = suite<Context>('R2000Encoder over a pty');

encoder.before.each(async (context) => {
  context.unhandled = trackUnhandled();
  context.sim = new R2000Simulator();
  await context.sim.start();
  context.encoder = new R2000Encoder({
    device: 'rfid-encoder',
    opener: serialOpener(context.sim.devicePath, { baudRate: 115_200 }),
    backoffMs: [50, 100],
    commandTimeoutMs: 400,
    inventoryTimeoutMs: 600,
  });
  await context.encoder.start();
  await waitFor('the encoder to connect', () => context.encoder.health.state === 'connected');
});

encoder.after.each(async ({ sim, encoder: reader, unhandled }) => {
  await reader.stop();
  await sim.stop();
  unhandled.stop();
});

encoder('should inventory the pad :: 2 tags with RSSI and antenna', async ({ sim, encoder: reader }) => {
  sim.putTag(FACTORY, -40);
  sim.putTag(OTHER, -58);
  const reads = await reader.inventory();
  assert.equal(reads.map((r) => [r.epc, r.rssi, r.antenna]), [[FACTORY, -40, 1], [OTHER, -58, 1]]);
  assert.equal(await reader.firmwareVersion(), '8.1');
});

encoder('should write the piece EPC and read it back :: factory tag → 3034…0043', async ({ sim, encoder: reader }) => {
  sim.putTag(FACTORY);
  const result = await reader.writeEpc({ newEpc: PIECE });
  assert.equal(result, { previousEpc: FACTORY, epc: PIECE });
  assert.equal(sim.tagsOnPad(), [PIECE]);
  const write = sim.received.find((f) => f.command === 0x82);
  // Password 0, EPC bank, word 2, 6 words, then the 12 EPC bytes.
  assert.is(write?.data.toString('hex').toUpperCase(), `000000000102 06${PIECE}`.replace(' ', ''));
  const commands = sim.received.map((f) => f.command.toString(16));
  assert.equal(commands.slice(-6), ['89', '85', '82', '85', '81', '85']);
  assert.is(sim.received.at(-1)?.data.toString('hex'), '01'); // access match cancelled at the end
});

encoder('should rewrite the PC word when the length changes :: 128-bit factory EPC → 96-bit piece EPC', async ({ sim, encoder: reader }) => {
  sim.putTag(FACTORY_128);
  await reader.writeEpc({ newEpc: PIECE });
  assert.equal(sim.tagsOnPad(), [PIECE]);
  const write = sim.received.find((f) => f.command === 0x82);
  assert.is(write?.data.subarray(4, 9).toString('hex'), '0101073000'); // bank 1, word 1, 7 words, PC 0x3000
});

encoder('should refuse to write with 2 tags on the pad :: nothing written', async ({ sim, encoder: reader }) => {
  sim.putTag(FACTORY);
  sim.putTag(OTHER);
  const { error } = await rejectionOf(reader.writeEpc({ newEpc: PIECE }));
  assert.is(error.code, 'LOUPE_E_RFID_MULTIPLE_TAGS');
  assert.not.ok(sim.received.some((f) => f.command === 0x82));
  assert.equal(sim.tagsOnPad(), [FACTORY, OTHER]);
});

encoder('should write the named tag among 2 :: currentEpc picks it', async ({ sim, encoder: reader }) => {
  sim.putTag(FACTORY);
  sim.putTag(OTHER);
  await reader.writeEpc({ newEpc: PIECE, currentEpc: OTHER });
  assert.equal(sim.tagsOnPad(), [FACTORY, PIECE]);
});

encoder('should say no tag on an empty pad :: LOUPE_E_RFID_NO_TAG', async ({ encoder: reader }) => {
  const { error } = await rejectionOf(reader.writeEpc({ newEpc: PIECE }));
  assert.is(error.code, 'LOUPE_E_RFID_NO_TAG');
});

encoder('should report a failed write :: reader status 0x33, tag unchanged', async ({ sim, encoder: reader }) => {
  sim.putTag(FACTORY);
  sim.failNextWrite(0x33);
  const { error } = await rejectionOf(reader.writeEpc({ newEpc: PIECE }));
  assert.is(error.code, 'LOUPE_E_RFID_WRITE_FAILED');
  assert.is(error.details.readerStatus, '0x33');
  assert.equal(sim.tagsOnPad(), [FACTORY]);
});

encoder('should catch a write that did not stick :: acknowledged but read-back finds no tag with the new EPC', async ({ sim, encoder: reader }) => {
  sim.putTag(FACTORY);
  sim.weakNextWrite();
  const { error } = await rejectionOf(reader.writeEpc({ newEpc: PIECE }));
  assert.is(error.code, 'LOUPE_E_RFID_VERIFY_FAILED');
  assert.equal(sim.tagsOnPad(), [FACTORY]);
});

encoder('should refuse an EPC that is not whole words :: 23 hex digits', async ({ encoder: reader }) => {
  const { error } = await rejectionOf(reader.writeEpc({ newEpc: PIECE.slice(1) }));
  assert.is(error.code, 'LOUPE_E_RFID_EPC_INVALID');
});

encoder('should fail a write in flight on unplug and work after replug :: no hang, no unhandled error', async ({ sim, encoder: reader, unhandled }) => {
  sim.putTag(FACTORY);
  sim.silent = true;
  const pending = rejectionOf(reader.writeEpc({ newEpc: PIECE }));
  await waitFor('the inventory to reach the reader', () => sim.received.some((f) => f.command === 0x89));
  const unplugged = Date.now();
  await sim.unplug();
  const { error } = await pending;
  assert.is(error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.ok(Date.now() - unplugged < 1000, `rejected ${Date.now() - unplugged} ms after the unplug`);
  assert.is(reader.health.state, 'reconnecting');
  sim.silent = false;
  await sim.plug();
  await waitFor('reconnected', () => reader.health.state === 'connected', 3000);
  assert.equal(await reader.writeEpc({ newEpc: PIECE }), { previousEpc: FACTORY, epc: PIECE });
  assert.is(unhandled.count, 0, String((unhandled.errors[0] as Error)?.stack ?? unhandled.errors[0]));
});

encoder.run();

// ---

const simulator = suite('R2000Simulator');

simulator('should drop a frame with a bad checksum unanswered and answer the next :: A0 04 01 89 FF D4, then D3', async () => {
  const sim = new R2000Simulator();
  await sim.start();
  const link = new PortSupervisor({ device: 'raw', opener: serialOpener(sim.devicePath, { baudRate: 115_200 }) });
  const parser = new A0Parser();
  const frames: A0Frame[] = [];
  link.on('data', (chunk) => frames.push(...parser.push(chunk)));
  try {
    await link.start();
    sim.putTag(FACTORY, -40);
    await link.write(Buffer.from('A00401' + '89FFD4', 'hex'), 'bad');
    await link.write(Buffer.from('A00401' + '89FFD3', 'hex'), 'good');
    await waitFor('the tag and the end of the round', () => frames.length === 2);
    assert.is(sim.badFrames, 1);
    assert.equal(frames.map((f) => f.data.length), [4 + 12, 7]);
  } finally {
    await link.stop();
    await sim.stop();
  }
});

simulator.run();
