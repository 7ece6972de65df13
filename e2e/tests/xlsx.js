// Reads the text of an .xlsx file (a zip of XML parts) so that a test checks what a download
// contains, not only its name. Only what our server writes is needed: stored or deflated
// entries, found through the zip's central directory.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** Every XML part of the workbook, by name. */
export function xlsxParts(path) {
  const buf = readFileSync(path);
  if (buf.readUInt32LE(0) !== 0x04034b50) throw new Error(`${path} is not an xlsx (zip) file`);
  // End of central directory: the last record with this signature.
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${path}: no zip directory`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const parts = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    parts[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    at += 46 + nameLen + extraLen + commentLen;
  }
  return parts;
}

/** The text of all cells (shared strings and inline strings), tags stripped. */
export function xlsxText(path) {
  const parts = xlsxParts(path);
  return Object.entries(parts)
    .filter(([name]) => name.startsWith('xl/') && name.endsWith('.xml'))
    .map(([, xml]) => xml.replace(/<[^>]+>/g, ' '))
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** The workbook's text after a Playwright download finished. */
export async function downloadedText(download) {
  const path = await download.path();
  if (!path) throw new Error(`download ${download.suggestedFilename()} failed`);
  return xlsxText(path);
}
