/**
 * The demo store `npm start` opens on an empty ledger: six staff, one per role, three dozen
 * pieces of a plausible fine-jewelry case and a few goods sold by the unit (chains, batteries). Written through the ordinary commands, so the demo's
 * audit trail and outbox are as real as a store's.
 */
import { SYSTEM_ACTOR } from '../../domain/actor.ts';
import type { Role } from '../../domain/roles.ts';
import type { NewPiece } from '../../wire/catalog.ts';
import type { NewBulkItem } from '../../wire/bulk.ts';
import type { BulkStockService } from '../catalog/bulk-stock-service.ts';
import type { PiecePhotos } from '../catalog/piece-photos.ts';
import type { CatalogService } from '../catalog/catalog-service.ts';
import type { StaffService } from '../staff/staff-service.ts';
import { demoPhoto } from './demo-photos.ts';

/** Demo staff and their PINs; README.md lists them too. Never used outside the demo store. */
export const DEMO_STAFF: readonly { code: string; name: string; role: Role; pin: string }[] = [
  { code: '100', name: 'Claire Dubois', role: 'manager', pin: '8264' },
  { code: '101', name: 'Sam Okafor', role: 'associate', pin: '3917' },
  { code: '102', name: 'Ines Moreau', role: 'senior', pin: '5180' },
  { code: '103', name: 'Tomas Berg', role: 'jeweler', pin: '7342' },
  { code: '104', name: 'Alice Chen', role: 'auditor', pin: '6053' },
  { code: '105', name: 'Root Admin', role: 'admin', pin: '9406' },
];

/** Carat weight given in points (hundredths of a carat): 1 point = 2,000 µg. */
const points = (n: number): number => n * 2_000;
const G = 1_000_000; // micrograms in one gram

type Design = Omit<NewPiece, 'stockNo' | 'barcode' | 'location' | 'ownership'> & { prefix: string };

const DESIGNS: Design[] = [
  {
    prefix: 'R',
    description: 'Solitaire engagement ring, round brilliant',
    category: 'ring',
    metal: 'platinum',
    fineness: 950,
    metalColour: 'white',
    metalWeightUg: 4_200_000,
    stones: [{ type: 'diamond', count: 1, weightUg: points(101), colour: 'F', clarity: 'VS1', cut: 'Excellent', certificate: { lab: 'GIA', reportNo: '2231' } }],
    costMinor: 690_000,
    retailMinor: 1_450_000,
    style: { vendor: 'Aurelle Atelier', vendorStyleNo: 'AUR-SOL-01', name: 'Aurora Solitaire', collection: 'Aurora' },
  },
  {
    prefix: 'R',
    description: 'Three-stone ring, oval sapphire and diamonds',
    category: 'ring',
    metal: 'gold',
    fineness: 750,
    metalColour: 'white',
    metalWeightUg: 5_100_000,
    stones: [
      { type: 'sapphire', count: 1, weightUg: points(150), colour: 'royal blue', certificate: { lab: 'SSEF', reportNo: '1188' } },
      { type: 'diamond', count: 2, weightUg: points(60), colour: 'G', clarity: 'VS2', cut: 'Very Good' },
    ],
    costMinor: 410_000,
    retailMinor: 895_000,
    style: { vendor: 'Aurelle Atelier', vendorStyleNo: 'AUR-TRI-02', name: 'Aurora Trilogy', collection: 'Aurora' },
  },
  {
    prefix: 'E',
    description: 'Diamond stud earrings, round brilliant pair',
    category: 'earrings',
    metal: 'gold',
    fineness: 750,
    metalColour: 'white',
    metalWeightUg: 1_900_000,
    stones: [{ type: 'diamond', count: 2, weightUg: points(50), colour: 'G', clarity: 'SI1', cut: 'Excellent' }],
    costMinor: 98_000,
    retailMinor: 245_000,
    style: { vendor: 'Lumen & Co', vendorStyleNo: 'LU-STD-50', name: 'Classic Studs' },
  },
  {
    prefix: 'E',
    description: 'Akoya pearl drop earrings',
    category: 'earrings',
    metal: 'gold',
    fineness: 585,
    metalColour: 'yellow',
    metalWeightUg: 2_300_000,
    stones: [{ type: 'akoya pearl', count: 2, weightUg: points(400) }],
    costMinor: 32_000,
    retailMinor: 78_000,
    style: { vendor: 'Mer Pearls', vendorStyleNo: 'MP-AKD-7', name: 'Akoya Drop' },
  },
  {
    prefix: 'P',
    description: 'Emerald-cut emerald pendant with diamond halo',
    category: 'pendant',
    metal: 'gold',
    fineness: 750,
    metalColour: 'yellow',
    metalWeightUg: 3_400_000,
    stones: [
      { type: 'emerald', count: 1, weightUg: points(110), colour: 'vivid green', certificate: { lab: 'Gubelin', reportNo: '2507' } },
      { type: 'diamond', count: 18, weightUg: points(36), colour: 'F', clarity: 'VS2' },
    ],
    costMinor: 520_000,
    retailMinor: 1_180_000,
    style: { vendor: 'Aurelle Atelier', vendorStyleNo: 'AUR-HAL-05', name: 'Aurora Halo Pendant', collection: 'Aurora' },
  },
  {
    prefix: 'B',
    description: 'Tennis bracelet, 5 ct diamonds',
    category: 'bracelet',
    metal: 'gold',
    fineness: 750,
    metalColour: 'white',
    metalWeightUg: 11_800_000,
    stones: [{ type: 'diamond', count: 52, weightUg: points(500), colour: 'H', clarity: 'VS2', cut: 'Very Good' }],
    costMinor: 840_000,
    retailMinor: 1_890_000,
    style: { vendor: 'Aurelle Atelier', vendorStyleNo: 'AUR-TEN-50', name: 'Aurora Line Bracelet', collection: 'Aurora' },
  },
  {
    prefix: 'N',
    description: 'Curb chain necklace, 50 cm',
    category: 'necklace',
    metal: 'gold',
    fineness: 916,
    metalColour: 'yellow',
    metalWeightUg: 24 * G,
    totalWeightUg: 24 * G,
    stones: [],
    costMinor: 210_000,
    retailMinor: 365_000,
    style: { vendor: 'Orafo Milano', vendorStyleNo: 'OM-CRB-50', name: 'Curb 50' },
  },
  {
    prefix: 'R',
    description: 'Wedding band, 4 mm comfort fit',
    category: 'ring',
    metal: 'gold',
    fineness: 585,
    metalColour: 'rose',
    metalWeightUg: 4_800_000,
    totalWeightUg: 4_800_000,
    stones: [],
    costMinor: 28_000,
    retailMinor: 69_000,
    style: { vendor: 'Orafo Milano', vendorStyleNo: 'OM-BND-4', name: 'Comfort Band 4' },
  },
  {
    prefix: 'C',
    description: 'Sterling silver cufflinks, onyx',
    category: 'cufflinks',
    metal: 'silver',
    fineness: 925,
    metalWeightUg: 14 * G,
    stones: [{ type: 'onyx', count: 2, weightUg: points(600) }],
    costMinor: 9_500,
    retailMinor: 29_500,
  },
];

/** Seeds the demo store. Certificate numbers and stock numbers are made unique per copy. */
export async function seedDemoStore(staff: StaffService, catalog: CatalogService, bulk: BulkStockService, photos: PiecePhotos): Promise<void> {
  for (const member of DEMO_STAFF) await staff.add(member, SYSTEM_ACTOR);
  const perPrefix = new Map<string, number>();
  const pictures = DESIGNS.map((design) => demoPhoto(design.category, design.metalColour, design.stones[0]?.type));
  for (let copy = 0; copy < 4; copy += 1) {
    for (const [index, design] of DESIGNS.entries()) {
      const number = (perPrefix.get(design.prefix) ?? 10040) + 1;
      perPrefix.set(design.prefix, number);
      const { prefix, ...rest } = design;
      const onMemo = index === 2 && copy === 3;
      const piece = catalog.receive(
        {
          ...rest,
          stockNo: `${prefix}-${number}`,
          barcode: `2000${String(number).padStart(5, '0')}${index}${copy}`,
          stones: rest.stones.map((stone) =>
            stone.certificate ? { ...stone, certificate: { ...stone.certificate, reportNo: `${stone.certificate.reportNo}${number}${copy}` } } : stone,
          ),
          location: `Case ${1 + (index % 4)} / Tray ${'ABC'[copy % 3]}`,
          ownership: onMemo ? 'memo' : 'owned',
          ...(onMemo ? { memoVendor: 'Lumen & Co', memoDueBack: '2027-01-31' } : {}),
        },
        SYSTEM_ACTOR,
      );
      await photos.add(piece.id, pictures[index]!, null, SYSTEM_ACTOR);
    }
  }
  for (const item of BULK) bulk.add(item, SYSTEM_ACTOR);
}

/** Goods sold by the unit from the drawer behind the counter. */
const BULK: NewBulkItem[] = [
  { sku: 'CH-16-750', barcode: '3000000016', description: 'Cable chain, 18k yellow gold', kind: 'chain', variant: '16 in', metal: 'gold', fineness: 750, costMinor: 18_000, retailMinor: 39_500, location: 'Counter drawer', quantity: 12 },
  { sku: 'CH-18-750', barcode: '3000000018', description: 'Cable chain, 18k yellow gold', kind: 'chain', variant: '18 in', metal: 'gold', fineness: 750, costMinor: 20_000, retailMinor: 43_500, location: 'Counter drawer', quantity: 10 },
  { sku: 'CH-18-925', barcode: '3000000925', description: 'Box chain, sterling silver', kind: 'chain', variant: '18 in', metal: 'silver', fineness: 925, costMinor: 1_500, retailMinor: 6_500, location: 'Counter drawer', quantity: 20 },
  { sku: 'BT-SR626SW', barcode: '3000000626', description: 'Watch battery, silver oxide', kind: 'battery', variant: 'SR626SW', costMinor: 90, retailMinor: 1_200, location: 'Repair desk', quantity: 40 },
  { sku: 'CARE-CLOTH', barcode: '3000000101', description: 'Polishing cloth', kind: 'care', costMinor: 200, retailMinor: 1_500, location: 'Counter drawer', quantity: 30 },
];
