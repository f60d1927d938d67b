import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NexoTerminal } from '../../../drivers/payment/nexo-terminal.ts';
import { decimalText, minorOf } from '../../../drivers/payment/nexo.ts';
import { PaymentTerminalSimulator } from '../../../drivers/payment/simulator.ts';

const EXPONENTS: Record<string, number> = { USD: 2, JPY: 0, KWD: 3 };
const exponent = (currency: string) => EXPONENTS[currency] ?? 2;

const amounts = suite('nexo amounts');
amounts('should write minor units as decimal text :: 157869 USD, 5 USD, 1500 JPY, 1234 KWD', () => {
  assert.equal([decimalText(157_869, 2), decimalText(5, 2), decimalText(1500, 0), decimalText(1234, 3)], ['1578.69', '0.05', '1500', '1.234']);
});
amounts('should read decimals back exactly, and refuse too many decimals', () => {
  assert.equal([minorOf(1578.69, 2), minorOf(0.05, 2), minorOf(1500, 0), minorOf(12.345, 2)], [157_869, 5, 1500, null]);
});
amounts.run();

// ---

const terminal = suite<{ simulator: PaymentTerminalSimulator; terminal: NexoTerminal }>('NexoTerminal');
terminal.before.each(async (ctx) => {
  ctx.simulator = new PaymentTerminalSimulator(exponent);
  const url = await ctx.simulator.start();
  ctx.terminal = new NexoTerminal({ url, saleId: 'pos-test01', poiId: 'SIM-001', currencyExponent: exponent, answerTimeoutMs: 1_000, requestTimeoutMs: 500 });
});
terminal.after.each(async (ctx) => ctx.simulator.stop());

terminal('should be approved with brand, masked card and approval code :: $1,578.69', async ({ simulator, terminal }) => {
  const outcome = await terminal.authorize({ transactionId: 'cart-1', serviceId: 'P1', amountMinor: 157_869, currency: 'USD' });
  assert.is(outcome.result, 'approved');
  assert.equal(outcome.result === 'approved' && [outcome.brand, outcome.maskedPan, outcome.approvalCode.length], ['visa', '411111******1111', 6]);
  assert.is(simulator.approvedMinor, 157_869);
});

terminal('should report a decline with its reason', async ({ simulator, terminal }) => {
  simulator.nextPayments('decline');
  assert.equal(await terminal.authorize({ transactionId: 'cart-2', serviceId: 'P2', amountMinor: 50_000, currency: 'USD' }), { result: 'declined', reason: 'Not enough funds' });
  assert.is(simulator.approvedMinor, 0);
});

terminal('should cancel a payment the customer is still at :: abort while held', async ({ simulator, terminal }) => {
  simulator.nextPayments('hold');
  const pending = terminal.authorize({ transactionId: 'cart-3', serviceId: 'P3', amountMinor: 50_000, currency: 'USD' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await terminal.cancel('cart-3');
  assert.equal(await pending, { result: 'cancelled' });
});

terminal('should recover a lost answer by asking for the status :: approved all the same', async ({ simulator, terminal }) => {
  simulator.nextPayments('drop');
  const outcome = await terminal.authorize({ transactionId: 'cart-4', serviceId: 'P4', amountMinor: 75_000, currency: 'USD' });
  assert.is(outcome.result, 'approved');
  assert.is(simulator.approvedMinor, 75_000);
});

terminal('should say unknown when the terminal answers nothing at all, within its timeout', async ({ simulator, terminal }) => {
  await simulator.stop();
  const started = Date.now();
  const outcome = await terminal.authorize({ transactionId: 'cart-5', serviceId: 'P5', amountMinor: 75_000, currency: 'USD' });
  assert.is(outcome.result, 'unknown');
  assert.ok(Date.now() - started < 2_000);
});

terminal('should reverse an approved payment', async ({ simulator, terminal }) => {
  const outcome = await terminal.authorize({ transactionId: 'cart-6', serviceId: 'P6', amountMinor: 20_000, currency: 'USD' });
  assert.ok(outcome.result === 'approved');
  if (outcome.result !== 'approved') return;
  assert.equal(await terminal.reverse({ transactionId: outcome.terminalTransactionId, timeStamp: outcome.terminalTimeStamp }, 20_000, 'USD'), { reversed: true });
  assert.is(simulator.approvedMinor, 0);
});

terminal('should not reverse an approval named without its time stamp or for another amount :: 200.00 approved', async ({ simulator, terminal }) => {
  const outcome = await terminal.authorize({ transactionId: 'cart-7', serviceId: 'P7', amountMinor: 20_000, currency: 'USD' });
  if (outcome.result !== 'approved') throw new Error(`approved expected, got ${outcome.result}`);
  assert.equal(await terminal.reverse({ transactionId: outcome.terminalTransactionId, timeStamp: '2026-01-01T00:00:00.000Z' }, 20_000, 'USD'), { reversed: false });
  assert.equal(await terminal.reverse({ transactionId: outcome.terminalTransactionId, timeStamp: outcome.terminalTimeStamp }, 19_999, 'USD'), { reversed: false });
  assert.is(simulator.approvedMinor, 20_000);
});

terminal('should tell what became of a payment by its ServiceID :: approved with the answer still on its way, and one never sent', async ({ simulator, terminal }) => {
  simulator.nextPayments('slow');
  simulator.slowAnswerMs = 400;
  const request = { transactionId: 'cart-8', serviceId: 'P8', amountMinor: 31_250, currency: 'USD' };
  const pending = terminal.authorize(request);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const status = await terminal.status(request);
  assert.equal([status.result, status.result === 'approved' && status.maskedPan], ['approved', '411111******1111']);
  assert.is((await pending).result, 'approved');
  assert.equal(await terminal.status({ ...request, transactionId: 'cart-9', serviceId: 'P9' }), { result: 'cancelled' });
});

terminal.run();
