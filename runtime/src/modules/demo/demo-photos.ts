/**
 * Studio-style pictures for the demo store's pieces, drawn here rather than shipped: a soft ivory
 * backdrop, the piece's silhouette in its metal colour and its first stone in that stone's colour,
 * encoded as PNG. Enough for the counter screen to show what a real photo would look like.
 */
import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

const SIZE = 320;

const METAL: Record<string, { face: Rgb; edge: Rgb }> = {
  white: { face: [222, 226, 232], edge: [150, 156, 166] },
  yellow: { face: [222, 184, 92], edge: [158, 118, 40] },
  rose: { face: [228, 170, 150], edge: [170, 104, 88] },
  black: { face: [70, 70, 74], edge: [30, 30, 32] },
  'two-tone': { face: [222, 200, 150], edge: [150, 140, 110] },
};

const STONE: Record<string, Rgb> = {
  diamond: [246, 250, 255],
  sapphire: [34, 62, 150],
  ruby: [160, 26, 48],
  emerald: [30, 120, 78],
  onyx: [24, 24, 26],
  pearl: [246, 240, 228],
};

/** A signed distance to a silhouette's edge: negative inside. */
type Distance = (x: number, y: number) => number;

/** The silhouette of each category, for the metal and for the stone. */
interface Shape {
  metal: Distance;
  stone: Distance;
}

// Math.sqrt rather than Math.hypot: several times faster, and these run 400,000 times a picture.
const length = (dx: number, dy: number) => Math.sqrt(dx * dx + dy * dy);
const circle = (cx: number, cy: number, r: number): Distance => (x, y) => length(x - cx, y - cy) - r;
const ring = (cx: number, cy: number, r: number, width: number): Distance => (x, y) => Math.abs(length(x - cx, y - cy) - r) - width / 2;
const ellipseBand = (cx: number, cy: number, rx: number, ry: number, width: number): Distance => (x, y) =>
  Math.abs(length((x - cx) / rx, (y - cy) / ry) - 1) * Math.min(rx, ry) - width / 2;
const union = (...parts: Distance[]): Distance => (x, y) => {
  let nearest = Infinity;
  for (const part of parts) nearest = Math.min(nearest, part(x, y));
  return nearest;
};
/** A chain hanging from the top corners to the pendant's bail. */
const chain = (bottom: number): Distance => (x, y) => {
  const dx = (x - SIZE / 2) / (SIZE / 2);
  return Math.abs(y - (bottom - (bottom - 20) * dx * dx)) - 2;
};

const SHAPES: Record<string, Shape> = {
  ring: { metal: ring(160, 200, 80, 18), stone: circle(160, 112, 28) },
  earrings: { metal: union(ring(104, 170, 36, 8), ring(216, 170, 36, 8)), stone: union(circle(104, 170, 28), circle(216, 170, 28)) },
  pendant: { metal: union(chain(190), ring(160, 200, 12, 5)), stone: circle(160, 238, 30) },
  necklace: { metal: union(chain(230), chain(238)), stone: circle(160, 250, 16) },
  bracelet: { metal: ellipseBand(160, 170, 120, 72, 20), stone: union(circle(160, 98, 10), circle(110, 104, 8), circle(210, 104, 8)) },
  cufflinks: { metal: union(circle(104, 170, 44), circle(216, 170, 44)), stone: union(circle(104, 170, 32), circle(216, 170, 32)) },
};
const OTHER: Shape = { metal: circle(160, 170, 70), stone: circle(160, 170, 40) };

/** Pictures already drawn in this process (tests start many demo stores). */
const drawn = new Map<string, Uint8Array>();

/** A PNG picture of a piece of `category` in `metalColour` set with `stoneType`. */
export function demoPhoto(category: string, metalColour: string | undefined, stoneType: string | undefined): Uint8Array {
  const key = `${category}|${metalColour}|${stoneType}`;
  const picture = drawn.get(key) ?? draw(category, metalColour, stoneType);
  drawn.set(key, picture);
  return picture;
}

function draw(category: string, metalColour: string | undefined, stoneType: string | undefined): Uint8Array {
  const shape = SHAPES[category] ?? OTHER;
  const metal = METAL[metalColour ?? 'white'] ?? METAL.white!;
  const stoneKey = Object.keys(STONE).find((key) => stoneType?.includes(key)) ?? 'diamond';
  const stone = STONE[stoneKey]!;
  const pixels = Buffer.alloc(SIZE * (SIZE * 3 + 1));
  for (let y = 0; y < SIZE; y += 1) {
    const row = y * (SIZE * 3 + 1);
    pixels[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x += 1) {
      // 2×2 samples per pixel for smooth edges.
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [sx, sy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]] as const) {
        const [cr, cg, cb] = colourAt(shape, metal, stone, x + sx, y + sy);
        r += cr;
        g += cg;
        b += cb;
      }
      pixels.set([Math.round(r / 4), Math.round(g / 4), Math.round(b / 4)], row + 1 + x * 3);
    }
  }
  return png(pixels);
}

function colourAt(shape: Shape, metal: { face: Rgb; edge: Rgb }, stone: Rgb, x: number, y: number): Rgb {
  const inStone = shape.stone(x, y);
  if (inStone < 0) {
    // A highlight towards the upper left, as under a jeweler's lamp.
    const light = Math.max(0, 1 + inStone / 30) * 0.35;
    return mix(stone, [255, 255, 255], light);
  }
  const inMetal = shape.metal(x, y);
  if (inMetal < 0) return mix(metal.edge, metal.face, Math.min(1, -inMetal / 6));
  // Backdrop: ivory at the top to champagne at the bottom, with a soft shadow under the piece.
  const backdrop = mix([250, 247, 240], [236, 226, 208], y / SIZE);
  const shadow = Math.max(0, 1 - Math.min(inMetal, inStone) / 18) * 0.12;
  return mix(backdrop, [120, 110, 96], shadow);
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function png(scanlines: Buffer): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(scanlines, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
