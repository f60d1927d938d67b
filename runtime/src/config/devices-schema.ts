/**
 * The `devices` section of the settings: where the counter's peripherals are. Paths are stable
 * `/dev/serial/by-id/…` names. Leave the section empty to run the simulated counter (demo, tests).
 * Mirrors the drivers' DeviceConfig; a wrong value stops start-up naming the key.
 */
import { Type } from 'typebox';
import type { DeviceConfig } from '../../../drivers/index.ts';
import { StringEnum } from '../wire/schema-kit.ts';

const Path = Type.String({ minLength: 1, maxLength: 200, description: 'Stable device path, e.g. /dev/serial/by-id/usb-…' });
const Baud = Type.Integer({ minimum: 1200, maximum: 921_600 });
const Line = Type.Object({ chipLabel: Type.Optional(Type.String({ minLength: 1 })), offset: Type.Integer({ minimum: 0, maximum: 511 }) }, { additionalProperties: false });
const Timing = Type.Object(
  {
    pulseMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 200 })),
    leftOpenAlarmMs: Type.Optional(Type.Integer({ minimum: 5_000, maximum: 3_600_000, description: 'Open this long and the alarm goes off' })),
  },
  { additionalProperties: false },
);
const Serial = { baudRate: Type.Optional(Baud), dataBits: Type.Optional(Type.Union([Type.Literal(7), Type.Literal(8)])), parity: Type.Optional(StringEnum(['none', 'even', 'odd'] as const)), stopBits: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])) };

export const DevicesSchema = Type.Unsafe<DeviceConfig>(
  Type.Object(
    {
      rfidHandheld: Type.Optional(Type.Object({ path: Path, baudRate: Type.Optional(Baud), outputPowerDbm: Type.Optional(Type.Integer({ minimum: 10, maximum: 30 })) }, { additionalProperties: false })),
      rfidEncoder: Type.Optional(Type.Object({ path: Path, baudRate: Type.Optional(Baud), address: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })) }, { additionalProperties: false })),
      scale: Type.Optional(Type.Object({ path: Path, protocol: StringEnum(['and', 'mt-sics'] as const), zeroCommand: Type.Optional(StringEnum(['R', 'Z'] as const)), ...Serial }, { additionalProperties: false })),
      printer: Type.Optional(
        Type.Union([
          Type.Object({ transport: Type.Literal('tcp'), host: Type.String({ minLength: 1 }), port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })), width: Type.Optional(Type.Integer({ minimum: 32, maximum: 64 })) }, { additionalProperties: false }),
          Type.Object({ transport: Type.Literal('device-file'), path: Path, readsStatus: Type.Optional(Type.Boolean()), width: Type.Optional(Type.Integer({ minimum: 32, maximum: 64 })) }, { additionalProperties: false }),
          Type.Object({ transport: Type.Literal('serial'), path: Path, ...Serial, width: Type.Optional(Type.Integer({ minimum: 32, maximum: 64 })) }, { additionalProperties: false }),
        ]),
      ),
      drawer: Type.Optional(
        Type.Union([
          Type.Object({ kind: Type.Literal('gpio'), solenoid: Line, solenoidActiveLow: Type.Optional(Type.Boolean()), sensor: Type.Optional(Line), sensorOpenLevel: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])), timing: Type.Optional(Timing) }, { additionalProperties: false }),
          Type.Object({ kind: Type.Literal('printer'), pin: Type.Optional(Type.Union([Type.Literal(2), Type.Literal(5)])), timing: Type.Optional(Timing) }, { additionalProperties: false }),
        ]),
      ),
      scanners: Type.Optional(
        Type.Array(
          Type.Union([
            Type.Object({ kind: Type.Literal('serial'), path: Path, baudRate: Type.Optional(Baud), prefix: Type.Optional(Type.String({ maxLength: 8 })) }, { additionalProperties: false }),
            Type.Object({ kind: Type.Literal('keyboard'), path: Path, grab: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          ]),
          { maxItems: 4 },
        ),
      ),
    },
    { additionalProperties: false, default: {}, description: 'The counter’s peripherals; empty: the simulated counter' },
  ),
);
