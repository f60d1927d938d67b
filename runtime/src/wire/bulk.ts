/** Wire contract for bulk stock: goods sold by quantity (chains by length, watch batteries, care products). */
import { Type, type Static } from 'typebox';
import { METALS } from '../domain/piece.ts';
import { BULK_KINDS } from '../domain/bulk-stock.ts';
import { Money, PageLimit, PageOffset, Quantity, StringEnum, Text } from './schema-kit.ts';

export const NewBulkItem = Type.Object(
  {
    sku: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,23}$', description: 'Store item number, e.g. CH-18-750' }),
    barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Z-]{4,32}$' })),
    description: Text(120),
    kind: StringEnum(BULK_KINDS),
    variant: Type.Optional(Text(40, { description: 'Length, size or type: "18 in", "SR626SW"' })),
    metal: Type.Optional(StringEnum(METALS)),
    fineness: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    costMinor: Money({ description: 'Cost of one unit' }),
    retailMinor: Money({ description: 'Price of one unit' }),
    location: Text(40),
    quantity: Quantity(100_000, { description: 'Units received' }),
  },
  { additionalProperties: false },
);
export type NewBulkItem = Static<typeof NewBulkItem>;

export const BulkItem = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  barcode: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  kind: StringEnum(BULK_KINDS),
  variant: Type.Union([Type.String(), Type.Null()]),
  metal: Type.Union([StringEnum(METALS), Type.Null()]),
  fineness: Type.Union([Type.Integer(), Type.Null()]),
  costMinor: Type.Optional(Type.Integer()),
  retailMinor: Type.Integer(),
  currency: Type.String(),
  location: Type.String(),
  quantity: Type.Integer({ description: 'Units on hand' }),
  updatedAt: Type.String(),
});
export type BulkItem = Static<typeof BulkItem>;

export const BulkQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Item no., barcode or words of the description' })),
    kind: Type.Optional(StringEnum(BULK_KINDS)),
    inStock: Type.Optional(Type.Boolean({ description: 'Only items with units on hand' })),
    limit: PageLimit(200, 50),
    offset: PageOffset,
  },
  { additionalProperties: false },
);
export type BulkQuery = Static<typeof BulkQuery>;

export const ReceiveBulk = Type.Object(
  { quantity: Quantity(100_000, { minimum: 1 }), reference: Type.Optional(Text(60, { description: 'Vendor invoice or packing slip' })) },
  { additionalProperties: false },
);

export const CountBulk = Type.Object(
  { counted: Quantity(100_000, { description: 'Units found on the shelf' }), reason: Text(200) },
  { additionalProperties: false },
);
