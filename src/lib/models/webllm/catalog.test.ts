import { prebuiltAppConfig, type ModelRecord } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { approxDownloadMB, buildCatalog, hiddenSummary, needsShaderF16 } from './catalog';
import type { GpuDetection } from './detect';

const LIST = prebuiltAppConfig.model_list;

function gpu(
  shaderF16: boolean,
  extra: { fallback?: boolean; memoryGB?: number; binding?: number } = {}
): GpuDetection {
  return {
    status: 'available',
    adapter: {
      vendor: 'test',
      architecture: '',
      description: '',
      isFallback: extra.fallback ?? false,
      label: 'test'
    },
    shaderF16,
    limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: extra.binding ?? 2 ** 30 },
    ...(extra.memoryGB === undefined ? {} : { deviceMemoryGB: extra.memoryGB })
  };
}

const record = (id: string, more: Partial<ModelRecord> = {}): ModelRecord => ({
  model: `https://example.org/${id}`,
  model_id: id,
  model_lib: `https://example.org/${id}.wasm`,
  ...more
});

describe('buildCatalog', () => {
  it('offers nothing without an adapter, and points to the CPU engine', () => {
    const catalog = buildCatalog(LIST, {
      status: 'unavailable',
      reason: 'no-adapter',
      message: 'No adapter.'
    });
    expect(catalog.entries).toEqual([]);
    expect(catalog.unavailable).toMatch(/WebGPU is not available/);
    expect(catalog.unavailable).toMatch(/llama\.cpp in WebAssembly/);
  });

  it('without shader-f16 offers only models that compute in f32', () => {
    const catalog = buildCatalog(LIST, gpu(false));
    const ids = catalog.entries.map((e) => e.id);
    expect(ids).toContain('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(ids).toContain('SmolLM2-360M-Instruct-q0f32-MLC');
    // Marked in required_features:
    expect(ids).not.toContain('SmolLM2-360M-Instruct-q4f16_1-MLC');
    // Not marked, but an f16 quantization all the same:
    expect(ids).not.toContain('Llama-3.2-1B-Instruct-q4f16_1-MLC');
    for (const entry of catalog.entries) {
      expect(entry.record.required_features ?? []).not.toContain('shader-f16');
      expect(entry.id).not.toMatch(/q\df16/);
    }
    expect(catalog.hidden['shader-f16']).toBeGreaterThan(20);
    expect(hiddenSummary(catalog)[0]).toMatch(/need shader-f16/);
  });

  it('with shader-f16 offers the f16 models too, but never embedding or vision models', () => {
    const catalog = buildCatalog(LIST, gpu(true));
    const ids = catalog.entries.map((e) => e.id);
    expect(ids).toContain('Llama-3.2-1B-Instruct-q4f16_1-MLC');
    expect(ids).toContain('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(ids.some((id) => id.startsWith('snowflake-arctic-embed'))).toBe(false);
    expect(ids.some((id) => id.includes('vision'))).toBe(false);
    expect(catalog.hidden['shader-f16']).toBeUndefined();
  });

  it('lists the smallest models first and shows their VRAM and context', () => {
    const { entries } = buildCatalog(LIST, gpu(false));
    const vram = entries.map((e) => e.vramMB ?? Infinity);
    expect(vram).toEqual([...vram].sort((a, b) => a - b));
    const llama = entries.find((e) => e.id === 'Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(llama?.vramMB).toBeCloseTo(1128.82);
    expect(llama?.contextWindow).toBe(4096);
  });

  it('drops models whose buffers exceed the adapter limit', () => {
    const big = record('big-q4f32_1', { buffer_size_required_bytes: 262144000 });
    const small = record('small-q4f32_1');
    const catalog = buildCatalog([big, small], gpu(false, { binding: 134217728 }));
    expect(catalog.entries.map((e) => e.id)).toEqual(['small-q4f32_1']);
    expect(catalog.hidden['buffer-size']).toBe(1);
  });

  it('cuts to system memory on a software adapter only, where it is the GPU memory', () => {
    const huge = record('huge-70B-q4f32_1', { vram_required_MB: 31000 });
    const fits = record('fits-1B-q4f32_1', { vram_required_MB: 1000 });
    const software = buildCatalog([huge, fits], gpu(false, { fallback: true, memoryGB: 16 }));
    expect(software.entries.map((e) => e.id)).toEqual(['fits-1B-q4f32_1']);
    expect(hiddenSummary(software)).toContain(
      '1 models need more than the 16 GB of memory this device reports.'
    );
    const hardware = buildCatalog([huge, fits], gpu(false, { memoryGB: 16 }));
    expect(hardware.entries).toHaveLength(2);
  });

  it('marks models added by URL', () => {
    const mine = record('mine-q4f32_1');
    const catalog = buildCatalog([mine], gpu(false), ['mine-q4f32_1']);
    expect(catalog.entries[0]?.custom).toBe(true);
  });
});

describe('needsShaderF16 and approxDownloadMB', () => {
  it('reads the quantization from the id or the library', () => {
    expect(needsShaderF16(record('a-q4f16_1-MLC'))).toBe(true);
    expect(needsShaderF16(record('a-q0f16-MLC'))).toBe(true);
    expect(needsShaderF16({ model_id: 'custom', model_lib: 'https://x/a-q3f16_1-webgpu.wasm' })).toBe(true);
    expect(needsShaderF16(record('Ministral-3-3B-Instruct-2512-BF16-q4f32_1-MLC'))).toBe(false);
    expect(needsShaderF16(record('plain', { required_features: ['shader-f16'] }))).toBe(true);
  });

  it('estimates the download from parameters and bits per weight', () => {
    expect(approxDownloadMB('Qwen3-0.6B-q4f32_1-MLC')).toBe(338);
    expect(approxDownloadMB('SmolLM2-135M-Instruct-q0f32-MLC')).toBe(540);
    expect(approxDownloadMB('stablelm-2-zephyr-1_6b-q4f16_1-MLC')).toBe(900);
    expect(approxDownloadMB('Phi-3.5-mini-instruct-q4f16_1-MLC')).toBeUndefined();
  });
});
