/**
 * Reads the header of a GGUF file (llama.cpp's model format): version, metadata and tensor
 * infos. The app checks a file with it before handing it to llama.cpp, whose own failure on a
 * wrong file is only a log line, and shows the model's name and architecture.
 */

export type GgufScalar = string | number | bigint | boolean;

export interface GgufTensorInfo {
  name: string;
  /** ggml order: dims[0] varies fastest. */
  dims: number[];
  /** ggml_type code (0 = F32). */
  type: number;
  /** Offset from the start of the data section. */
  offset: number;
}

export interface GgufHeader {
  version: number;
  /** Scalars and strings as they are; arrays as their length only. */
  metadata: Map<string, GgufScalar | { arrayLength: number }>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Where the tensor data starts: after the header, padded to the alignment. */
  dataOffset: number;
}

/** The file is not a GGUF file, or its header is damaged. */
export class GgufFormatError extends Error {
  override readonly name = 'GgufFormatError';
}

/** The header goes on past the bytes given: read more of the file and try again. */
export class GgufTruncatedError extends Error {
  override readonly name = 'GgufTruncatedError';
}

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const DEFAULT_ALIGNMENT = 32;
const STRING = 8;
const ARRAY = 9;
/** Byte size of each fixed-size gguf_type: u8 i8 u16 i16 u32 i32 f32 bool, then u64 i64 f64. */
const FIXED_SIZE: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8
};

class Cursor {
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.length)
      throw new GgufTruncatedError(`header needs more than ${this.bytes.length} bytes`);
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(): number {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new GgufFormatError('a size in the header is impossibly large');
    return Number(v);
  }
  string(): string {
    const n = this.u64();
    this.need(n);
    const s = this.decoder.decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
  scalar(type: number): GgufScalar {
    const size = FIXED_SIZE[type];
    if (size === undefined) throw new GgufFormatError(`unknown metadata type ${type}`);
    this.need(size);
    const v = this.view;
    const at = this.pos;
    this.pos += size;
    const readers: Record<number, () => GgufScalar> = {
      0: () => v.getUint8(at),
      1: () => v.getInt8(at),
      2: () => v.getUint16(at, true),
      3: () => v.getInt16(at, true),
      4: () => v.getUint32(at, true),
      5: () => v.getInt32(at, true),
      6: () => v.getFloat32(at, true),
      7: () => v.getUint8(at) !== 0,
      10: () => v.getBigUint64(at, true),
      11: () => v.getBigInt64(at, true),
      12: () => v.getFloat64(at, true)
    };
    return readers[type]!();
  }
}

function readValue(c: Cursor, type: number): GgufScalar | { arrayLength: number } {
  if (type === STRING) return c.string();
  if (type !== ARRAY) return c.scalar(type);
  const itemType = c.u32();
  const length = c.u64();
  // Vocabularies hold 100k+ entries: walk over them without keeping them.
  if (itemType === STRING) for (let i = 0; i < length; i++) c.skip(c.u64());
  else {
    const size = FIXED_SIZE[itemType];
    if (size === undefined) throw new GgufFormatError(`unsupported metadata array of type ${itemType}`);
    c.skip(size * length);
  }
  return { arrayLength: length };
}

/** True when the bytes start with the GGUF signature. */
export function hasGgufMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === MAGIC;
}

/**
 * Parses the header from the first bytes of a file. Throws GgufFormatError for a file that is
 * not GGUF (or a version llama.cpp no longer reads), GgufTruncatedError when `bytes` ends first.
 */
export function readGgufHeader(bytes: Uint8Array): GgufHeader {
  if (bytes.length >= 4 && !hasGgufMagic(bytes)) throw new GgufFormatError('it does not start with "GGUF"');
  const c = new Cursor(bytes);
  c.u32();
  const version = c.u32();
  if (version < 2 || version > 3)
    throw new GgufFormatError(`GGUF version ${version} is not supported, only 2 and 3`);
  const tensorCount = c.u64();
  const kvCount = c.u64();
  const metadata = new Map<string, GgufScalar | { arrayLength: number }>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string();
    metadata.set(key, readValue(c, c.u32()));
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string();
    const nDims = c.u32();
    if (nDims > 4) throw new GgufFormatError(`tensor ${name} has ${nDims} dimensions, at most 4 are allowed`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(c.u64());
    tensors.push({ name, dims, type: c.u32(), offset: c.u64() });
  }
  const align = metadata.get('general.alignment');
  const alignment = typeof align === 'number' && align > 0 ? align : DEFAULT_ALIGNMENT;
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  return { version, metadata, tensors, alignment, dataOffset };
}

/** Reads the header of a file, reading more of it while the header goes on. */
export async function readGgufHeaderOf(blob: Blob, maxBytes = 256 * 1024 * 1024): Promise<GgufHeader> {
  let size = Math.min(blob.size, 1024 * 1024);
  for (;;) {
    const bytes = new Uint8Array(await blob.slice(0, size).arrayBuffer());
    try {
      return readGgufHeader(bytes);
    } catch (e) {
      if (!(e instanceof GgufTruncatedError)) throw e;
      if (size >= blob.size) throw new GgufFormatError('the file ends inside its header');
      if (size >= maxBytes) throw new GgufFormatError(`its header is larger than ${maxBytes} bytes`);
      size = Math.min(blob.size, size * 4, maxBytes);
    }
  }
}

/** A metadata string, or undefined when missing or not a string. */
export function metaString(header: GgufHeader, key: string): string | undefined {
  const v = header.metadata.get(key);
  return typeof v === 'string' ? v : undefined;
}

/** A metadata number (a 64-bit one when it fits), or undefined. */
export function metaNumber(header: GgufHeader, key: string): number | undefined {
  const v = header.metadata.get(key);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return undefined;
}
