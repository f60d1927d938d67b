/** Wire contract for pieces: what the API accepts and returns. Weights in micrograms, money in minor units. */
import { Type, type Static } from 'typebox';
import { CATEGORIES, CLARITIES, LABS, METAL_COLOURS, METALS, OWNERSHIPS } from '../domain/piece.ts';
import { PIECE_STATUSES } from '../domain/piece-status.ts';
import { PHOTO_TYPES } from '../domain/image-type.ts';
import { MinorUnits, Money, PageLimit, PageOffset, Quantity, StringEnum, Text } from './schema-kit.ts';

export const Certificate = Type.Object(
  { lab: StringEnum(LABS), reportNo: Type.String({ pattern: '^[A-Za-z0-9-]{4,20}$' }) },
  { additionalProperties: false },
);

export const Stone = Type.Object(
  {
    type: Text(40, { description: 'diamond, sapphire, ruby, emerald, pearl…' }),
    count: Quantity(999, { minimum: 1 }),
    weightUg: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Total carat weight in micrograms (1 ct = 200,000 µg)' }),
    colour: Type.Optional(Text(20, { description: 'Diamond colour grade D–Z, or a coloured stone’s colour' })),
    clarity: Type.Optional(StringEnum(CLARITIES)),
    cut: Type.Optional(Text(30)),
    certificate: Type.Optional(Certificate),
  },
  { additionalProperties: false },
);

export const StyleRef = Type.Object(
  {
    vendor: Text(60),
    vendorStyleNo: Text(40),
    name: Text(80),
    designer: Type.Optional(Text(60)),
    collection: Type.Optional(Text(60)),
  },
  { additionalProperties: false },
);

export const NewPiece = Type.Object(
  {
    stockNo: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,23}$', description: 'Store stock number, e.g. R-10042' }),
    barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Z-]{4,32}$' })),
    epc: Type.Optional(Type.String({ pattern: '^[0-9A-F]{24}$', description: 'EPC-96 in hex' })),
    description: Text(120),
    category: StringEnum(CATEGORIES),
    metal: StringEnum(METALS),
    fineness: Type.Integer({ minimum: 1, maximum: 1000, description: 'Parts per thousand: 585 = 14k, 750 = 18k, 950 = Pt950' }),
    metalColour: Type.Optional(StringEnum(METAL_COLOURS)),
    metalWeightUg: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
    totalWeightUg: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
    stones: Type.Array(Stone, { maxItems: 50 }),
    costMinor: Money(),
    retailMinor: Money(),
    location: Text(40, { description: 'Showcase or tray, e.g. "Case 3 / Tray B"' }),
    ownership: StringEnum(OWNERSHIPS),
    memoVendor: Type.Optional(Text(60)),
    memoDueBack: Type.Optional(Type.String({ format: 'date' })),
    style: Type.Optional(StyleRef),
  },
  { additionalProperties: false },
);
export type NewPiece = Static<typeof NewPiece>;

export const Piece = Type.Object({
  id: Type.String(),
  stockNo: Type.String(),
  barcode: Type.Union([Type.String(), Type.Null()]),
  epc: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  category: StringEnum(CATEGORIES),
  metal: StringEnum(METALS),
  fineness: Type.Integer(),
  karat: Type.Union([Type.Integer(), Type.Null()]),
  metalColour: Type.Union([Type.String(), Type.Null()]),
  metalWeightUg: Type.Union([Type.Integer(), Type.Null()]),
  totalWeightUg: Type.Union([Type.Integer(), Type.Null()]),
  stones: Type.Array(Stone),
  photos: Type.Array(Type.Object({ sha256: Type.String(), contentType: StringEnum(PHOTO_TYPES) }), { description: 'In display order; GET /api/v1/pieces/{id}/photos/{sha256} gives the bytes' }),
  costMinor: Type.Optional(MinorUnits),
  retailMinor: MinorUnits,
  currency: Type.String(),
  location: Type.String(),
  ownership: StringEnum(OWNERSHIPS),
  memoVendor: Type.Union([Type.String(), Type.Null()]),
  memoDueBack: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(PIECE_STATUSES),
  style: Type.Union([StyleRef, Type.Null()]),
  updatedAt: Type.String(),
});
export type Piece = Static<typeof Piece>;

export const PieceQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Stock no., barcode, EPC, certificate no. or words of the description' })),
    status: Type.Optional(StringEnum(PIECE_STATUSES)),
    category: Type.Optional(StringEnum(CATEGORIES)),
    metal: Type.Optional(StringEnum(METALS)),
    fineness: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: '750 for 18k' })),
    stone: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'A stone type the piece has: diamond, sapphire…' })),
    collection: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    location: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Showcase, or the start of it: "Case 2"' })),
    minPriceMinor: Type.Optional(Money()),
    maxPriceMinor: Type.Optional(Money()),
    limit: PageLimit(200, 50),
    offset: PageOffset,
  },
  { additionalProperties: false },
);
export type PieceQuery = Static<typeof PieceQuery>;

export const Reprice = Type.Object(
  { retailMinor: Money(), reason: Text(200) },
  { additionalProperties: false },
);

export const ImportQuery = Type.Object(
  {
    skipInvalid: Type.Boolean({ default: false, description: 'Import the good rows and report the others' }),
    fileName: Type.String({ minLength: 1, maxLength: 120, default: 'upload.csv' }),
  },
  { additionalProperties: false },
);
export const ImportProblem = Type.Object({ line: Type.Integer(), column: Type.Union([Type.String(), Type.Null()]), reason: Type.String() });
export const ImportResult = Type.Object({ imported: Type.Array(Type.String()), skipped: Type.Array(ImportProblem) });

export const PhotoParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
);
