/**
 * Impinj R2000 "A0" serial protocol constants ("UHF RFID Reader Serial Interface Protocol"
 * V2.x/3.x, as spoken by YR903-class counter readers; reference/device-protocols.md §1.4a).
 */

export const A0_HEAD = 0xa0;
/** The public address every reader answers to. */
export const A0_PUBLIC_ADDRESS = 0xff;
/** Smallest legal Len: address + command + check. */
export const A0_MIN_LEN = 3;

export const A0_COMMAND = {
  RESET: 0x70,
  GET_FIRMWARE_VERSION: 0x72,
  READ: 0x81,
  WRITE: 0x82,
  SET_ACCESS_EPC_MATCH: 0x85,
  REAL_TIME_INVENTORY: 0x89,
} as const;

/** Status/error codes (same table in every SDK copy). */
export const A0_STATUS = {
  SUCCESS: 0x10,
  FAIL: 0x11,
  ANTENNA_MISSING: 0x22,
  TAG_INVENTORY_ERROR: 0x31,
  TAG_READ_ERROR: 0x32,
  TAG_WRITE_ERROR: 0x33,
  NO_TAG: 0x36,
  ACCESS_FAILED: 0x37,
} as const;

export const A0_MEMORY_BANK = { RESERVED: 0, EPC: 1, TID: 2, USER: 3 } as const;

/** In the EPC bank, word 0 is the stored CRC, word 1 the PC, the EPC starts at word 2. */
export const EPC_BANK_PC_WORD = 1;
export const EPC_BANK_EPC_WORD = 2;

/** Access-EPC-match modes for 0x85. */
export const A0_MATCH = { ENABLE: 0x00, CANCEL: 0x01 } as const;

/** RSSI byte: low 7 bits ≈ dBm + 129 (one SDK prints `rssi − 129`) [likely]. */
export const A0_RSSI_OFFSET = 129;
