import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PaymentTerminalSimulator, SimulatedDeviceSet } from '../../../../drivers/index.ts';
import { StringEnum } from '../../wire/schema-kit.ts';
import { errorReplies } from './replies.ts';

/**
 * The demo's hands: play the counter without hardware. These routes exist only when the appliance
 * runs the simulated counter; each acts on a simulator, which then speaks to the real driver in the
 * device's own bytes, exactly as the hardware would.
 */
export const demoRoutes =
  (counter: SimulatedDeviceSet, terminal: PaymentTerminalSimulator | undefined): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['demo'];
    const config = { permission: 'demo.play' } as const;
    const done = { 204: Type.Null(), ...errorReplies };
    const ok = <T>(reply: { status(code: number): { send(body: null): T } }) => reply.status(204).send(null);

    app.post('/scan', { config, schema: { tags, summary: 'Scan a barcode with the counter scanner', body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[ -~]+$' }) }, { additionalProperties: false }), response: done } }, async (request, reply) => {
      counter.scanner.scan(request.body.code);
      return ok(reply);
    });
    app.put('/rfid/field', { config, schema: { tags, summary: 'The tags in the handheld’s field', body: Type.Object({ epcs: Type.Array(Type.String({ pattern: '^[0-9A-F]{24}$' }), { maxItems: 5000 }) }, { additionalProperties: false }), response: done } }, async (request, reply) => {
      counter.handheld.clearField();
      counter.handheld.putTags(request.body.epcs.map((epc) => ({ epc })));
      return ok(reply);
    });
    app.put('/rfid/pad', { config, schema: { tags, summary: 'The tags on the counter encoder’s pad (to tag a piece)', body: Type.Object({ epcs: Type.Array(Type.String({ pattern: '^[0-9A-F]{24}$' }), { maxItems: 4 }) }, { additionalProperties: false }), response: done } }, async (request, reply) => {
      counter.encoder.clearPad();
      for (const epc of request.body.epcs) counter.encoder.putTag(epc);
      return ok(reply);
    });
    app.post('/rfid/trigger', { config, schema: { tags, summary: 'Pull the handheld’s trigger (one inventory)', response: done } }, async (_request, reply) => {
      counter.handheld.pullTrigger();
      return ok(reply);
    });
    app.put('/scale', { config, schema: { tags, summary: 'Put a weight on the pan (0: clear it)', body: Type.Object({ micrograms: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) }, { additionalProperties: false }), response: done } }, async (request, reply) => {
      if (request.body.micrograms === 0) counter.scale.clear();
      else counter.scale.place(BigInt(request.body.micrograms));
      return ok(reply);
    });
    app.put('/printer/paper', { config, schema: { tags, summary: 'Take the paper out or load it', body: Type.Object({ loaded: Type.Boolean() }, { additionalProperties: false }), response: done } }, async (request, reply) => {
      if (request.body.loaded) counter.printer.loadPaper();
      else counter.printer.pullPaper();
      return ok(reply);
    });
    app.post('/drawer/close', { config, schema: { tags, summary: 'Push the cash drawer shut', response: done } }, async (_request, reply) => {
      counter.drawer.close();
      return ok(reply);
    });
    app.post('/card', { config, schema: { tags, summary: 'What the card holder does at the next payment', body: Type.Object({ next: StringEnum(['approve', 'decline', 'hold'] as const) }, { additionalProperties: false }), response: done } }, async (request, reply) => {
      terminal?.nextPayments(request.body.next);
      return ok(reply);
    });
  };
