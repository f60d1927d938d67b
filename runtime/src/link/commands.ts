/**
 * Operational commands from HQ on `cmd/{name}`: resync, upload-logs, drain. Anything that changes
 * business state is a desired document, never a command (hq-link-mqtt.md §4.6).
 *
 * A command is recorded in the inbox (with an audit entry, in one ledger transaction) before the
 * broker gets its PUBACK, and a command id seen before never runs again: the stored reply is sent
 * once more with `duplicate: true`. Replies go to the MQTT 5 response topic with the command's
 * correlation data. A command that cannot be read is refused with a coded error, on the response
 * topic when there is one, and changes nothing.
 */
import type { IPublishPacket } from 'mqtt';
import { LoupeError, isLoupeError } from '../errors.ts';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import type { Logger } from '../logger.ts';
import type { Ledger } from '../store/ledger.ts';
import { findCommand, finishCommand, insertCommand } from '../store/link-state.ts';
import { COMMAND_NAMES, type CommandName } from '../wire/hq-topics.ts';
import { checkValue, codedError, decodePayload } from '../wire/hq-decode.ts';
import { Command, COMMAND_ARGS, type CommandReply } from '../wire/hq-commands.ts';

export type CommandHandlers = { [K in CommandName]: (args: Record<string, unknown>) => Promise<Record<string, unknown>> };

export interface CommandContext {
  ledger: Ledger;
  logger: Logger;
  now: () => Date;
  handlers: CommandHandlers;
  reply: (topic: string, reply: CommandReply, correlationData: Buffer | undefined) => void;
  /** Records (and logs) a refusal. */
  onRejected: (error: LoupeError, topic: string) => void;
}

export class CommandInbox {
  readonly #ctx: CommandContext;
  readonly #running = new Set<Promise<void>>();

  constructor(ctx: CommandContext) {
    this.#ctx = ctx;
  }

  /** Commands a crash interrupted are marked failed, so a repeat of their id is answered. */
  recoverInterrupted(): void {
    const db = this.#ctx.ledger.db;
    const rows = db.prepare<[], { cmd_id: string; name: string }>("SELECT cmd_id, name FROM link_commands WHERE status = 'running'").all();
    for (const row of rows) {
      const error = new LoupeError('LOUPE_E_LINK_COMMAND_FAILED', { reason: 'the appliance restarted while the command ran' });
      finishCommand(db, row.cmd_id, 'failed', JSON.stringify(this.#reply(row.cmd_id, row.name, 'failed', false, undefined, error)));
    }
  }

  /** Resolves once the command is safely recorded (then the broker gets its PUBACK); it runs on after that. */
  async handle(name: string, packet: IPublishPacket): Promise<void> {
    const responseTopic = packet.properties?.responseTopic;
    const correlation = packet.properties?.correlationData;
    const answer = (reply: CommandReply) => {
      if (responseTopic) this.#ctx.reply(responseTopic, reply, correlation);
    };
    const refuse = (error: LoupeError, cmdId: string | null) => {
      this.#ctx.onRejected(error, packet.topic);
      answer(this.#reply(cmdId, name, 'rejected', false, undefined, error));
    };

    const decoded = decodePayload(Command, packet.payload as Buffer, `cmd/${name}`);
    if (!decoded.ok) return refuse(decoded.error, null);
    const command = decoded.value;
    if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
      return refuse(new LoupeError('LOUPE_E_LINK_COMMAND_UNKNOWN', { name, known: [...COMMAND_NAMES] }), command.cmdId);
    }
    const commandName = name as CommandName;
    const args = checkValue(COMMAND_ARGS[commandName], command.args, `cmd/${name} args`);
    if (!args.ok) return refuse(args.error, command.cmdId);

    const seen = findCommand(this.#ctx.ledger.db, command.cmdId);
    if (seen) {
      this.#ctx.logger.info({ cmdId: command.cmdId, name, status: seen.status }, 'HQ command repeated: not run again');
      if (seen.reply) answer({ ...(JSON.parse(seen.reply) as CommandReply), duplicate: true, at: this.#ctx.now().toISOString() });
      return;
    }
    if (command.expiresAt && Date.parse(command.expiresAt) < this.#ctx.now().getTime()) {
      return refuse(new LoupeError('LOUPE_E_LINK_COMMAND_EXPIRED', { expiresAt: command.expiresAt }), command.cmdId);
    }

    const receivedAt = this.#ctx.now().toISOString();
    this.#ctx.ledger.write({ action: 'hq.commandReceived', actor: SYSTEM_ACTOR, target: `hq-command:${command.cmdId}` }, (db) => {
      insertCommand(db, { cmdId: command.cmdId, name, receivedAt });
      return {
        result: undefined,
        after: { cmdId: command.cmdId, name },
        events: [{ stream: 'audit', type: 'hq.command_received', schemaVersion: 1, businessKey: `hq-command:${command.cmdId}`, payload: { cmdId: command.cmdId, name } }],
      };
    });
    const run = this.#run(commandName, command.cmdId, args.value as Record<string, unknown>, answer);
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  /** Waits (bounded) for commands still running. */
  async settle(timeoutMs: number): Promise<void> {
    if (this.#running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.#running]), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  async #run(name: CommandName, cmdId: string, args: Record<string, unknown>, answer: (reply: CommandReply) => void): Promise<void> {
    let reply: CommandReply;
    try {
      const result = await this.#ctx.handlers[name](args);
      reply = this.#reply(cmdId, name, 'done', false, result);
      this.#ctx.logger.info({ cmdId, name }, 'HQ command done');
    } catch (error) {
      const failure = isLoupeError(error) ? error : new LoupeError('LOUPE_E_LINK_COMMAND_FAILED', { reason: (error as Error).message });
      reply = this.#reply(cmdId, name, 'failed', false, undefined, failure);
      this.#ctx.logger.error({ cmdId, name, code: failure.code, details: failure.details }, 'HQ command failed');
    }
    try {
      finishCommand(this.#ctx.ledger.db, cmdId, reply.status as 'done' | 'failed', JSON.stringify(reply));
    } catch (error) {
      this.#ctx.logger.error({ err: error, cmdId }, 'HQ command: the reply could not be stored');
    }
    answer(reply);
  }

  #reply(
    cmdId: string | null,
    name: string,
    status: CommandReply['status'],
    duplicate: boolean,
    result?: Record<string, unknown>,
    error?: LoupeError,
  ): CommandReply {
    return {
      v: 1,
      cmdId,
      name,
      status,
      duplicate,
      at: this.#ctx.now().toISOString(),
      ...(result ? { result } : {}),
      ...(error ? { error: codedError(error) } : {}),
    };
  }
}
