/**
 * Reading a jeweler's catalog export: CSV records → pieces, with every problem named by line,
 * column and reason. One row per piece; a row that repeats the stock number of the row above and
 * fills only stone columns adds another stone to that piece (a center stone, then side stones).
 *
 * Columns (header names, any order, case-insensitive):
 *   stock_no*, barcode, epc, description*, category*, metal*, fineness or karat*, metal_colour,
 *   metal_weight_g, total_weight_g, stone_type, stone_count, stone_ct, stone_colour, stone_clarity,
 *   stone_cut, cert_lab, cert_no, cost*, retail*, location*, ownership (owned), memo_vendor,
 *   memo_due_back, vendor, vendor_style_no, style_name, designer, collection
 * Money is in the store currency with its decimals ("14500.00"); weights in grams and carats.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseCsv, type CsvRecord } from '../../domain/csv.ts';
import { caratsToMicrograms, gramsToMicrograms, parseScaled } from '../../domain/decimal.ts';
import { pieceProblems } from '../../domain/piece.ts';
import { NewPiece } from '../../wire/catalog.ts';
import { bodyAjv } from '../../wire/validate.ts';

export interface ImportProblem {
  line: number;
  column: string | null;
  reason: string;
}

export interface ImportRow {
  line: number;
  piece: NewPiece;
}

const PIECE_COLUMNS = [
  'stock_no', 'barcode', 'epc', 'description', 'category', 'metal', 'fineness', 'karat', 'metal_colour', 'metal_weight_g',
  'total_weight_g', 'cost', 'retail', 'location', 'ownership', 'memo_vendor', 'memo_due_back', 'vendor', 'vendor_style_no',
  'style_name', 'designer', 'collection',
] as const;
const STONE_COLUMNS = ['stone_type', 'stone_count', 'stone_ct', 'stone_colour', 'stone_clarity', 'stone_cut', 'cert_lab', 'cert_no'] as const;
const REQUIRED = ['stock_no', 'description', 'category', 'metal', 'cost', 'retail', 'location'] as const;
const KARAT_FINENESS: Record<string, number> = { '8': 333, '9': 375, '10': 417, '14': 585, '15': 625, '18': 750, '20': 833, '22': 916, '24': 999 };

/** Which column a field of NewPiece came from, to name it in a validation problem. */
const FIELD_COLUMN: Record<string, string> = {
  stockNo: 'stock_no', barcode: 'barcode', epc: 'epc', description: 'description', category: 'category', metal: 'metal',
  fineness: 'fineness', metalColour: 'metal_colour', metalWeightUg: 'metal_weight_g', totalWeightUg: 'total_weight_g',
  costMinor: 'cost', retailMinor: 'retail', location: 'location', ownership: 'ownership', memoVendor: 'memo_vendor',
  memoDueBack: 'memo_due_back', vendor: 'vendor', vendorStyleNo: 'vendor_style_no', name: 'style_name', designer: 'designer',
  collection: 'collection', type: 'stone_type', count: 'stone_count', weightUg: 'stone_ct', colour: 'stone_colour',
  clarity: 'stone_clarity', cut: 'stone_cut', lab: 'cert_lab', reportNo: 'cert_no',
};

let validatePiece: ValidateFunction<NewPiece> | undefined;

type Row = Partial<Record<(typeof PIECE_COLUMNS)[number] | (typeof STONE_COLUMNS)[number], string>>;

/** Reads a whole file. `currencyDecimals` is the store currency's number of minor-unit digits. */
export function readCatalogCsv(text: string, currencyDecimals: number): { rows: ImportRow[]; problems: ImportProblem[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { rows: [], problems: [{ line: parsed.line, column: null, reason: parsed.reason }] };
  const [header, ...records] = parsed.records;
  if (!header) return { rows: [], problems: [{ line: 1, column: null, reason: 'the file is empty' }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const known = new Set<string>([...PIECE_COLUMNS, ...STONE_COLUMNS]);
  const problems: ImportProblem[] = columns
    .filter((name) => !known.has(name))
    .map((name) => ({ line: header.line, column: name, reason: `unknown column; known columns: ${[...known].join(', ')}` }));
  for (const name of REQUIRED) if (!columns.includes(name)) problems.push({ line: header.line, column: name, reason: 'required column is missing' });
  if (!columns.includes('fineness') && !columns.includes('karat')) problems.push({ line: header.line, column: 'fineness', reason: 'give fineness or karat' });
  if (problems.length > 0) return { rows: [], problems };

  const rows: ImportRow[] = [];
  for (const record of records) {
    if (record.fields.length !== columns.length) {
      problems.push({ line: record.line, column: null, reason: `${record.fields.length} fields where the header has ${columns.length}` });
      continue;
    }
    const row = toRow(columns, record);
    const previous = rows[rows.length - 1];
    if (previous && row.stock_no === previous.piece.stockNo && PIECE_COLUMNS.every((name) => name === 'stock_no' || !row[name])) {
      const stone = toStone(row, record.line, problems);
      if (stone) previous.piece.stones.push(stone);
      continue;
    }
    const piece = toPiece(row, record.line, currencyDecimals, problems);
    if (piece) rows.push({ line: record.line, piece });
  }
  // A value already reported as unreadable is not reported again as missing or invalid.
  const reported = new Set(problems.map((problem) => `${problem.line}:${problem.column}`));
  for (const { line, piece } of rows) {
    for (const problem of validate(piece, line)) {
      const column = problem.column === 'fineness' && reported.has(`${line}:karat`) ? 'karat' : problem.column;
      if (!reported.has(`${line}:${column}`)) problems.push(problem);
    }
  }
  problems.push(...duplicatesWithinFile(rows));
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

function toRow(columns: string[], record: CsvRecord): Row {
  const row: Record<string, string> = {};
  columns.forEach((name, index) => {
    const value = (record.fields[index] ?? '').trim();
    if (value !== '') row[name] = value;
  });
  return row as Row;
}

function scaled(value: string | undefined, parse: (text: string) => { ok: true; value: number } | { ok: false; reason: string }, line: number, column: string, problems: ImportProblem[]): number | undefined {
  if (value === undefined) return undefined;
  const result = parse(value);
  if (result.ok) return result.value;
  problems.push({ line, column, reason: result.reason });
  return undefined;
}

function toStone(row: Row, line: number, problems: ImportProblem[]): NewPiece['stones'][number] | undefined {
  if (!row.stone_type) {
    if (STONE_COLUMNS.some((name) => row[name])) problems.push({ line, column: 'stone_type', reason: 'stone columns are filled but stone_type is empty' });
    return undefined;
  }
  const count = row.stone_count === undefined ? 1 : Number(row.stone_count);
  const stone: NewPiece['stones'][number] = {
    type: row.stone_type,
    count: Number.isInteger(count) ? count : Number.NaN,
    weightUg: scaled(row.stone_ct ?? '0', caratsToMicrograms, line, 'stone_ct', problems) ?? 0,
  };
  if (row.stone_colour) stone.colour = row.stone_colour;
  if (row.stone_clarity) stone.clarity = row.stone_clarity as NonNullable<typeof stone.clarity>;
  if (row.stone_cut) stone.cut = row.stone_cut;
  if (row.cert_lab || row.cert_no) stone.certificate = { lab: (row.cert_lab ?? '') as NonNullable<typeof stone.certificate>['lab'], reportNo: row.cert_no ?? '' };
  return stone;
}

function toPiece(row: Row, line: number, currencyDecimals: number, problems: ImportProblem[]): NewPiece | undefined {
  const money = (text: string) => parseScaled(text, currencyDecimals);
  let fineness = row.fineness === undefined ? undefined : Number(row.fineness);
  if (fineness === undefined && row.karat !== undefined) {
    fineness = KARAT_FINENESS[row.karat.replace(/k$/i, '')];
    if (fineness === undefined) problems.push({ line, column: 'karat', reason: `"${row.karat}" is not a karat; allowed: ${Object.keys(KARAT_FINENESS).join(', ')}` });
  }
  const stone = toStone(row, line, problems);
  const piece: Record<string, unknown> = {
    stockNo: row.stock_no,
    description: row.description,
    category: row.category?.toLowerCase(),
    metal: row.metal?.toLowerCase(),
    fineness,
    stones: stone ? [stone] : [],
    costMinor: scaled(row.cost, money, line, 'cost', problems),
    retailMinor: scaled(row.retail, money, line, 'retail', problems),
    location: row.location,
    ownership: row.ownership?.toLowerCase() ?? 'owned',
    barcode: row.barcode,
    epc: row.epc?.toUpperCase(),
    metalColour: row.metal_colour?.toLowerCase(),
    metalWeightUg: scaled(row.metal_weight_g, gramsToMicrograms, line, 'metal_weight_g', problems),
    totalWeightUg: scaled(row.total_weight_g, gramsToMicrograms, line, 'total_weight_g', problems),
    memoVendor: row.memo_vendor,
    memoDueBack: row.memo_due_back,
    style:
      row.vendor || row.vendor_style_no || row.style_name
        ? { vendor: row.vendor, vendorStyleNo: row.vendor_style_no, name: row.style_name, designer: row.designer, collection: row.collection }
        : undefined,
  };
  return JSON.parse(JSON.stringify(piece)) as NewPiece; // drops the absent (undefined) fields
}

function validate(piece: NewPiece, line: number): ImportProblem[] {
  validatePiece ??= bodyAjv.compile<NewPiece>(NewPiece);
  if (!validatePiece(piece)) return (validatePiece.errors ?? []).map((error) => schemaProblem(error, line, valueAt(piece, error.instancePath)));
  return pieceProblems(piece).map((problem) => ({ line, column: FIELD_COLUMN[problem.field] ?? problem.field, reason: problem.reason }));
}

/** The value a JSON pointer (`/stones/0/clarity`) names inside a piece. */
function valueAt(piece: NewPiece, pointer: string): unknown {
  return pointer
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), piece);
}

function schemaProblem(error: ErrorObject, line: number, value: unknown): ImportProblem {
  const params = error.params as { missingProperty?: string; allowedValues?: unknown[] };
  const field = params.missingProperty ?? error.instancePath.split('/').filter((part) => !/^\d+$/.test(part)).pop() ?? '';
  const column = FIELD_COLUMN[field] ?? field;
  if (params.missingProperty) return { line, column, reason: 'is required' };
  if (params.allowedValues) return { line, column, reason: `"${String(value)}" is not allowed; allowed: ${params.allowedValues.join(', ')}` };
  return { line, column, reason: `"${String(value)}" ${error.message ?? 'is not valid'}` };
}

function duplicatesWithinFile(rows: ImportRow[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const check = (key: string | undefined, column: string, line: number) => {
    if (!key) return;
    const first = seen.get(`${column}:${key}`);
    if (first !== undefined) problems.push({ line, column, reason: `"${key}" is also on line ${first}` });
    else seen.set(`${column}:${key}`, line);
  };
  for (const { line, piece } of rows) {
    check(piece.stockNo, 'stock_no', line);
    check(piece.barcode, 'barcode', line);
    check(piece.epc, 'epc', line);
    for (const stone of piece.stones) check(stone.certificate?.reportNo, 'cert_no', line);
  }
  return problems;
}
