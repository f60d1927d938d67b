/**
 * Operational commands HQ sends on `cmd/{name}` (resync, upload-logs, drain), their arguments,
 * and the appliance's reply on `reply/{cmdId}`.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { StringEnum } from './schema-kit.ts';
import { COMMAND_NAMES } from './hq-topics.ts';
import { CodedError, Id, Seq, Timestamp, V1 } from './hq-envelope.ts';

/** `cmd/{name}`: an operational action with an id; a repeated id never runs twice. */
export const Command = Type.Object(
  {
    v: V1,
    cmdId: Id,
    issuedAt: Timestamp,
    expiresAt: Type.Optional(Timestamp),
    args: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type Command = Static<typeof Command>;

export const ResyncArgs = Type.Object({ fromSeq: Type.Optional(Seq) }, { additionalProperties: false });
export const UploadLogsArgs = Type.Object(
  { url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'Pre-signed URL the logs are PUT to' }) },
  { additionalProperties: false },
);
export const DrainArgs = Type.Object(
  { waitSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 600, description: 'How long to wait for HQ to acknowledge everything before answering (default 30)' })) },
  { additionalProperties: false },
);
export const COMMAND_ARGS = { resync: ResyncArgs, 'upload-logs': UploadLogsArgs, drain: DrainArgs } as const satisfies Record<
  (typeof COMMAND_NAMES)[number],
  TSchema
>;

export const CommandReply = Type.Object(
  {
    v: V1,
    cmdId: Type.Union([Id, Type.Null()]),
    name: Type.String(),
    status: StringEnum(['done', 'rejected', 'failed'] as const),
    duplicate: Type.Boolean({ description: 'True when this command id was seen before; the command did not run again' }),
    at: Timestamp,
    result: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    error: Type.Optional(CodedError),
  },
  { additionalProperties: false },
);
export type CommandReply = Static<typeof CommandReply>;
