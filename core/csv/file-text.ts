/**
 * A file's bytes as text, a chunk at a time, in the encoding a merchant's spreadsheet saved it in:
 * UTF-8 ("CSV UTF-8", with or without BOM) or Windows-1252 (Excel's plain "CSV" on a Western
 * Windows). Which one is decided by the file itself, once: UTF-8 until the first byte that cannot
 * be UTF-8; if every byte before it was plain ASCII (the same in both), the file is Windows-1252 from
 * there on. A file that has already shown real UTF-8 characters and then meets such a byte mixes two
 * encodings: `decode` throws `MixedBytes` with the text before the byte, so the reader can name
 * its row. The check costs one native scan a chunk (`isUtf8`); nothing is decoded twice.
 */
import { isAscii, isUtf8 } from 'node:buffer';

export type FileEncoding = 'utf-8' | 'windows-1252';

/** Bytes that are not UTF-8 after the file has shown it is: `before` is the text up to them. */
export class MixedBytes extends Error {
  constructor(readonly before: string) {
    super('bytes that are not UTF-8 in a UTF-8 file');
  }
}

const EMPTY = Buffer.alloc(0);

export class FileTextDecoder {
  private mode: 'undecided' | FileEncoding = 'undecided';
  /** The start of a UTF-8 character cut by the end of the last chunk. */
  private carry: Buffer = EMPTY;
  /** No text given out yet: a BOM may still come (chunks can be a byte long). */
  private atStart = true;

  /** The encoding the file turned out to have (UTF-8 while nothing says otherwise). */
  get encoding(): FileEncoding {
    return this.mode === 'windows-1252' ? 'windows-1252' : 'utf-8';
  }

  decode(chunk: Buffer): string {
    if (this.mode === 'windows-1252') return windows1252(chunk);
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = completeUtf8Length(bytes);
    const whole = bytes.subarray(0, end);
    if (!isUtf8(whole)) return this.notUtf8(bytes);
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : EMPTY;
    // Real UTF-8 characters (a BOM among them) decide the file is UTF-8.
    if (this.mode === 'undecided' && !isAscii(whole)) this.mode = 'utf-8';
    const text = whole.toString('utf8');
    if (!this.atStart || text === '') return text;
    this.atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /** The end of the file: a character still cut short is not UTF-8. */
  end(): string {
    if (this.carry.length === 0) return '';
    const rest = this.carry;
    this.carry = EMPTY;
    return this.notUtf8(rest);
  }

  private notUtf8(bytes: Buffer): string {
    const bad = firstInvalidUtf8(bytes);
    // UTF-8 characters before the byte, in an earlier chunk or in this one: two encodings.
    if (this.mode === 'utf-8' || !isAscii(bytes.subarray(0, bad))) {
      throw new MixedBytes(bytes.toString('utf8', 0, bad));
    }
    // Everything before was ASCII, which Windows-1252 reads the same.
    this.mode = 'windows-1252';
    this.carry = EMPTY;
    return windows1252(bytes);
  }
}

/**
 * Bytes 0x80–0x9F of Windows-1252 (the rest is ISO-8859-1, which `latin1` decodes natively). Written
 * out rather than left to `TextDecoder('windows-1252')`: Node 20 decodes a whole buffer with that
 * label as ISO-8859-1, so "€" and curly quotes came out as control characters (checked on 20.20).
 * 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character and stay as they are, as the WHATWG decoder does.
 */
const HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
const C1 = /[\x80-\x9f]/g;
const fromC1 = (c: string) => HIGH[c.charCodeAt(0) - 0x80]!;

export function windows1252(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  return text.length > 0 && !isAscii(bytes) ? text.replace(C1, fromC1) : text;
}

/** The length of `bytes` without a UTF-8 character cut short at its end (its lead and 0–2 continuations). */
function completeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return n; // ASCII: nothing cut
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? n - back : n;
    }
    // A continuation byte: look further back for its lead.
  }
  return n;
}

/**
 * Where the first byte that is not part of a well-formed UTF-8 character is (Unicode's table 3-7: no
 * overlong forms, no surrogates, nothing past U+10FFFF). Only called once a chunk has failed.
 */
function firstInvalidUtf8(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const b = bytes[at]!;
    if (b < 0x80) {
      at++;
      continue;
    }
    const size = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0 || at + size > bytes.length) return at;
    // The second byte's range depends on the lead; the rest are 0x80–0xBF.
    const second = bytes[at + 1]!;
    const [low, high] =
      b === 0xe0
        ? [0xa0, 0xbf]
        : b === 0xed
          ? [0x80, 0x9f]
          : b === 0xf0
            ? [0x90, 0xbf]
            : b === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    if (second < low || second > high) return at;
    for (let k = 2; k < size; k++) if ((bytes[at + k]! & 0xc0) !== 0x80) return at;
    at += size;
  }
  return at;
}
