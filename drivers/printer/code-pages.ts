/**
 * Character code tables selected with ESC t n, to turn printed bytes back into text (the
 * simulator's receipt log, the test decoder). Only the tables Loupe prints with are known.
 */

// IBM code page 858 (850 with the euro sign at 0xD5), bytes 0x80–0xFF.
const CP858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

/** ESC t n → a decoder for one byte ≥ 0x80 (bytes below are ASCII in every table). */
export const CODE_PAGES: Readonly<Record<number, (byte: number) => string>> = {
  19: (byte) => CP858_HIGH[byte - 0x80] ?? '?',
  16: (byte) => new TextDecoder('windows-1252').decode(Uint8Array.of(byte)),
};

export function decodeText(bytes: Uint8Array, codePage: number): string | null {
  const high = CODE_PAGES[codePage];
  let text = '';
  for (const byte of bytes) {
    if (byte < 0x80) text += String.fromCharCode(byte);
    else if (high) text += high(byte);
    else return null;
  }
  return text;
}
