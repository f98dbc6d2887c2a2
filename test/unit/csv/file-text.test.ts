/** The import's decoding of a file's bytes: UTF-8, or Windows-1252 as Excel's plain "CSV" writes it. */
import { FileTextDecoder, MixedBytes, windows1252 } from '../../../core/csv/file-text';

/** Decodes `bytes` in chunks of `size`, as the reader meets them. */
function decodeIn(bytes: Buffer, size: number): { text: string; encoding: string } {
  const decoder = new FileTextDecoder();
  let text = '';
  for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
  text += decoder.end();
  return { text, encoding: decoder.encoding };
}

const cp1252 = (text: string) =>
  Buffer.from(
    [...text].map((c) => {
      const high = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.indexOf(c);
      if (high < 0) return c.charCodeAt(0);
      return [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e]
        .concat([0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f])
        .at(high)!;
    }),
  );

describe('FileTextDecoder', () => {
  const excel = 'sku,name,stock\r\nCAFÉ-1,Café crème “maison” – 250 g à 9 €,10\r\nœuf-Ÿ,Bœuf,2\r\n';

  it.each([1, 2, 3, 5, 64, 1 << 16])(
    'reads a Windows-1252 file (Excel\'s "CSV") with its accents, quotes and € in chunks of %i bytes',
    (size) => {
      expect(decodeIn(cp1252(excel), size)).toEqual({ text: excel, encoding: 'windows-1252' });
    },
  );

  it('decodes every byte of Windows-1252 as the WHATWG decoder does', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    // The streaming decoder is right on Node 20 where a one-shot decode is not (see file-text.ts).
    const whatwg = new TextDecoder('windows-1252').decode(all, { stream: true });
    expect(windows1252(all)).toBe(whatwg);
    expect(windows1252(Buffer.from([0x80, 0x93, 0x94, 0x9c]))).toBe('€“”œ');
  });

  it('reads a file that is plain ASCII for its first chunks and Windows-1252 after', () => {
    const start = 'sku,stock\n' + 'A-1,1\n'.repeat(20_000);
    const bytes = Buffer.concat([Buffer.from(start), cp1252('CAFÉ-1,2\n')]);
    expect(decodeIn(bytes, 64 * 1024)).toEqual({ text: `${start}CAFÉ-1,2\n`, encoding: 'windows-1252' });
  });

  it.each([1, 2, 3, 7])(
    'reads UTF-8 with a BOM in chunks of %i bytes, characters cut across chunks included',
    (size) => {
      const text = 'sku,name\nCAFÉ-1,Café crème ☕ 𝄞\n';
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      expect(decodeIn(bytes, size)).toEqual({ text, encoding: 'utf-8' });
      expect(decodeIn(Buffer.from(text), size)).toEqual({ text, encoding: 'utf-8' });
    },
  );

  it('stops a UTF-8 file at a byte that is not UTF-8, with the text before it', () => {
    const bytes = Buffer.concat([
      Buffer.from('sku,name\nA,Café\nB,caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    for (const size of [1, 4, 1 << 16]) {
      let thrown: unknown;
      try {
        decodeIn(bytes, size);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(MixedBytes);
      // What came before the byte in the chunk it broke: the end of the text before it.
      expect('sku,name\nA,Café\nB,caf'.endsWith((thrown as MixedBytes).before)).toBe(true);
    }
  });
});
