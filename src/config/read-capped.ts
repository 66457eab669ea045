// Reads a text file of at most `maxBytes` bytes without ever holding more than maxBytes + 1 of it,
// so a huge file, /dev/zero or a FIFO that never ends costs a bounded amount of memory and time.
// Used at every door that reads a user-given file (perf.yml, results, history, verdict); each
// caller turns the outcome into its own error class.

import { open } from 'node:fs/promises';

export type CappedRead = { readonly text: string } | { readonly tooLarge: true };

/** The file's text, or { tooLarge } when it holds more than maxBytes bytes. Errno errors propagate. */
export async function readTextCapped(path: string, maxBytes: number): Promise<CappedRead> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, 1024 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    // Read in chunks rather than trusting stat(): /dev/zero and pipes report size 0.
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return { tooLarge: true };
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } finally {
    await handle.close();
  }
}
