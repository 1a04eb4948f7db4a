/**
 * The GGUF writer of the test fixtures against the reader the app uses: the header, the
 * metadata llama.cpp requires and the tensor layout (aligned offsets, padded data section).
 */
import { describe, expect, it } from 'vitest';
import { encodeGguf } from '../../../../tests/fixtures/gguf/gguf-encode';
import {
  TINY_CHAT_TEMPLATE,
  TINY_SHAPE,
  tinyLlamaGguf,
  tinyVocabulary
} from '../../../../tests/fixtures/gguf/tiny-llama';
import {
  GgufFormatError,
  GgufTruncatedError,
  metaNumber,
  metaString,
  readGgufHeader,
  readGgufHeaderOf
} from './gguf';

const bytes = tinyLlamaGguf({ chatTemplate: TINY_CHAT_TEMPLATE });
const header = readGgufHeader(bytes);

describe('the tiny llama GGUF', () => {
  it('starts with the GGUF v3 header and names the llama architecture', () => {
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('GGUF');
    expect(header.version).toBe(3);
    expect(metaString(header, 'general.architecture')).toBe('llama');
    expect(metaString(header, 'tokenizer.ggml.model')).toBe('llama');
    expect(metaString(header, 'tokenizer.chat_template')).toBe(TINY_CHAT_TEMPLATE);
  });

  it('carries the hyper-parameters and tokenizer arrays llama.cpp requires', () => {
    const { embd, ff, layers, heads, headsKv, context } = TINY_SHAPE;
    expect(metaNumber(header, 'llama.context_length')).toBe(context);
    expect(metaNumber(header, 'llama.embedding_length')).toBe(embd);
    expect(metaNumber(header, 'llama.block_count')).toBe(layers);
    expect(metaNumber(header, 'llama.feed_forward_length')).toBe(ff);
    expect(metaNumber(header, 'llama.attention.head_count')).toBe(heads);
    expect(metaNumber(header, 'llama.attention.head_count_kv')).toBe(headsKv);
    expect(metaNumber(header, 'llama.rope.dimension_count')).toBe(embd / heads);
    expect(metaNumber(header, 'llama.attention.layer_norm_rms_epsilon')).toBeCloseTo(1e-5, 8);
    const n = tinyVocabulary().length;
    for (const key of ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type']) {
      expect(header.metadata.get(key)).toEqual({ arrayLength: n });
    }
    expect(metaNumber(header, 'tokenizer.ggml.bos_token_id')).toBe(1);
    expect(metaNumber(header, 'tokenizer.ggml.eos_token_id')).toBe(2);
  });

  it('lays out every F32 tensor with its shape, on aligned offsets, back to back', () => {
    const { embd, ff, layers, headsKv, heads } = TINY_SHAPE;
    const nVocab = tinyVocabulary().length;
    const byName = new Map(header.tensors.map((t) => [t.name, t]));
    expect(header.tensors).toHaveLength(3 + 9 * layers);
    expect(byName.get('token_embd.weight')?.dims).toEqual([embd, nVocab]);
    expect(byName.get('output.weight')?.dims).toEqual([embd, nVocab]);
    expect(byName.get('output_norm.weight')?.dims).toEqual([embd]);
    expect(byName.get(`blk.${layers - 1}.attn_k.weight`)?.dims).toEqual([embd, (embd / heads) * headsKv]);
    expect(byName.get('blk.0.ffn_down.weight')?.dims).toEqual([ff, embd]);
    expect(header.tensors.every((t) => t.type === 0)).toBe(true);

    expect(header.dataOffset % header.alignment).toBe(0);
    let expected = 0;
    for (const t of header.tensors) {
      expect(t.offset).toBe(expected);
      const size = t.dims.reduce((a, b) => a * b, 1) * 4;
      expected += Math.ceil(size / header.alignment) * header.alignment;
    }
    // The data section is the padded tensors and nothing more.
    expect(bytes.length).toBe(header.dataOffset + expected);
  });

  it('stores the weights where the tensor infos say (channel 0 of each embedding is 1)', () => {
    const embd = header.tensors.find((t) => t.name === 'token_embd.weight')!;
    const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset + embd.offset);
    const rowBytes = TINY_SHAPE.embd * 4;
    expect(view.getFloat32(0, true)).toBe(1);
    expect(view.getFloat32(5 * rowBytes, true)).toBe(1);
    expect(Math.abs(view.getFloat32(4, true))).toBeLessThan(1);
  });

  it('is the same file for the same seed, and another for another seed', () => {
    // Compared as buffers: a deep equality over megabytes of floats took seconds under load.
    const same = (a: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(bytes));
    expect(same(tinyLlamaGguf({ chatTemplate: TINY_CHAT_TEMPLATE }))).toBe(true);
    expect(same(tinyLlamaGguf({ seed: 'other', chatTemplate: TINY_CHAT_TEMPLATE }))).toBe(false);
  });

  it('has a vocabulary without repeats, with all 256 byte tokens', () => {
    const pieces = tinyVocabulary().map((t) => t.piece);
    expect(new Set(pieces).size).toBe(pieces.length);
    expect(pieces.filter((p) => /^<0x[0-9A-F]{2}>$/.test(p))).toHaveLength(256);
  });
});

describe('readGgufHeader', () => {
  it('refuses a file that does not start with GGUF', () => {
    expect(() => readGgufHeader(new TextEncoder().encode('PK\u0003\u0004 a zip file'))).toThrow(
      GgufFormatError
    );
  });

  it('refuses a GGUF version llama.cpp no longer reads', () => {
    const old = bytes.slice(0, 64);
    new DataView(old.buffer).setUint32(4, 1, true);
    expect(() => readGgufHeader(old)).toThrow(/version 1/);
  });

  it('asks for more bytes when the header goes on past the ones given', () => {
    expect(() => readGgufHeader(bytes.subarray(0, 100))).toThrow(GgufTruncatedError);
  });

  it('reads more of a file whose header is longer than the first read', async () => {
    const pieces = Array.from({ length: 40_000 }, (_, i) => `piece-${i}-${'x'.repeat(30)}`);
    const big = encodeGguf([['tokenizer.ggml.tokens', { type: 'string[]', value: pieces }]], []);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const read = await readGgufHeaderOf(new Blob([big]));
    expect(read.metadata.get('tokenizer.ggml.tokens')).toEqual({ arrayLength: pieces.length });
    await expect(readGgufHeaderOf(new Blob([big.subarray(0, big.length - 1000)]))).rejects.toThrow(
      /ends inside/
    );
  });
});
