/**
 * The EPC Gen2 CRC-16 a tag backscatters over its PC word and EPC (EPC UHF Gen2 air interface
 * §6.3.1.5, annex F): polynomial 0x1021, preset 0xFFFF, MSB first, ones' complement of the
 * result; catalogued as CRC-16/GENIBUS, check value 0xD64E for "123456789".
 */
export function gen2Crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return ~crc & 0xffff;
}

/** The PC word a tag reports for an EPC of `epcBytes` bytes: length in words in bits 15–11. */
export function pcWordFor(epcBytes: number, otherBits = 0): number {
  return (((epcBytes / 2) & 0x1f) << 11) | (otherBits & 0x07ff);
}
