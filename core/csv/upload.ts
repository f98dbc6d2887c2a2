/**
 * Receives an uploaded CSV straight onto disk (raw `text/csv` body or the `file` field of a
 * multipart form), never holding it in memory. Refuses more than `maxBytes`, and a file whose first
 * 64 KB hold a NUL byte, which no CSV text has (a spreadsheet saved as .xlsx, an image, a text saved
 * as UTF-16). Any other bytes are text: UTF-8 or Windows-1252, which the parse tells apart.
 */
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import busboy from 'busboy';
import { MustFixError } from '../errors';

export class UploadProblem extends MustFixError {
  constructor(
    override readonly code: 'too_large' | 'not_text' | 'no_file' | 'invalid_upload',
    message: string,
  ) {
    super(code === 'too_large' ? 'too_large' : 'invalid', code, message);
  }
}

const CHECKED_BYTES = 64 * 1024;

export function tooLarge(maxBytes: number): UploadProblem {
  return new UploadProblem(
    'too_large',
    `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; split it into smaller files.`,
  );
}

/** Counts bytes against the limit and checks the start of the file is text. */
class UploadGuard extends Transform {
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    const checkedBefore = this.bytes;
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    if (checkedBefore < CHECKED_BYTES && chunk.subarray(0, CHECKED_BYTES - checkedBefore).includes(0)) {
      const utf16 = checkedBefore === 0 && startsUtf16(chunk);
      return done(
        new UploadProblem(
          'not_text',
          utf16
            ? 'This file is saved as Unicode (UTF-16) text, which the import does not read. Save it from your spreadsheet as "CSV UTF-8" and upload that.'
            : 'This is not a CSV text file (it holds binary data, e.g. an Excel .xlsx). Save it as "CSV UTF-8" and upload that.',
        ),
      );
    }
    done(null, chunk);
  }
}

/** A UTF-16 byte order mark, little- or big-endian (Excel's "Unicode Text"). */
function startsUtf16(chunk: Buffer): boolean {
  const [a, b] = [chunk[0], chunk[1]];
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff);
}

function save(source: Readable, dest: string, maxBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const guard = new UploadGuard(maxBytes);
    const out = createWriteStream(dest);
    const fail = (err: Error) => {
      source.unpipe(guard);
      guard.unpipe(out);
      out.destroy();
      source.resume(); // read and drop the rest, so the request ends and can be answered
      reject(err);
    };
    guard.on('error', fail);
    out.on('error', fail);
    source.on('error', fail);
    out.on('finish', () => resolve(guard.bytes));
    source.pipe(guard).pipe(out);
  });
}

export interface Received {
  bytes: number;
  /** The name the browser gave the file, if it was a form upload. */
  fileName?: string;
}

export function receiveUpload(req: IncomingMessage, dest: string, maxBytes: number): Promise<Received> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) return save(req, dest, maxBytes).then((bytes) => ({ bytes }));
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { files: 1, fields: 20 } });
    } catch (err) {
      return reject(
        new UploadProblem('invalid_upload', `The form upload could not be read: ${(err as Error).message}`),
      );
    }
    let saving: Promise<Received> | null = null;
    form.on('file', (field, stream, info) => {
      if (field !== 'file' || saving) return void stream.resume();
      saving = save(stream, dest, maxBytes).then((bytes) => ({ bytes, fileName: info.filename }));
      saving.catch(reject);
    });
    form.on('error', (err: Error) =>
      reject(new UploadProblem('invalid_upload', `The form upload could not be read: ${err.message}`)),
    );
    form.on('close', () => {
      if (saving) saving.then(resolve, reject);
      else reject(new UploadProblem('no_file', 'Send the CSV file in a form field named "file".'));
    });
    req.pipe(form);
  });
}
