import type { NamedText } from '$lib/core/formats/bundle';
import { decodeUtf8 } from '$lib/core/text/decode';

/** The chosen files as UTF-8 text; a file that is not UTF-8 is an error naming it. */
export async function readChosenFiles(files: FileList | readonly File[]): Promise<NamedText[]> {
  return Promise.all(
    [...files].map(async (f) => ({
      name: f.name,
      text: decodeUtf8(f.name, new Uint8Array(await f.arrayBuffer()))
    }))
  );
}
