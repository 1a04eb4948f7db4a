/**
 * Which of web-llm's models this device can run. Pure: the model list and the detection
 * result come in, the entries to offer and the reasons for hiding the rest come out.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { GpuDetection } from './detect';

export interface CatalogEntry {
  id: string;
  record: ModelRecord;
  /** What web-llm says the model needs on the GPU, in MB. */
  vramMB?: number;
  /** A rough download size from the parameter count and quantization, in MB. */
  approxDownloadMB?: number;
  contextWindow?: number;
  needsShaderF16: boolean;
  custom: boolean;
}

export type HiddenReason = 'shader-f16' | 'buffer-size' | 'memory' | 'not-chat';

export interface Catalog {
  entries: CatalogEntry[];
  /** How many models each reason hid, for a sentence under the picker. */
  hidden: Partial<Record<HiddenReason, number>>;
  /** Why nothing is offered, when nothing can be. */
  unavailable?: string;
  /** The memory budget the list was cut to, when one could be told. */
  memoryBudgetMB?: number;
}

export const CPU_ENGINE_POINTER =
  'The CPU engine further down this page (llama.cpp in WebAssembly) works without a GPU.';

/** web-llm's model types: 0 is a chat model, 1 an embedding model, 2 a vision-language model. */
const CHAT_MODEL_TYPE = 0;

/**
 * Whether the model's shaders use 16-bit floats. web-llm marks `required_features` on only some
 * f16 models, while every `qNf16` quantization computes in f16, so the name counts too.
 */
export function needsShaderF16(
  record: Pick<ModelRecord, 'model_id' | 'model_lib' | 'required_features'>
): boolean {
  if (record.required_features?.includes('shader-f16') === true) return true;
  const lib = record.model_lib.split('/').pop() ?? '';
  return F16_QUANT.test(record.model_id) || F16_QUANT.test(lib);
}
const F16_QUANT = /(^|[-_])q\d+f16(_\d+)?([-_.]|$)/i;

/**
 * What the adapter could hold. WebGPU does not tell how much memory a GPU has; a software
 * adapter, though, allocates from system memory, which the browser does report (roughly).
 */
export function memoryBudgetMB(detection: GpuDetection): number | undefined {
  if (detection.status !== 'available' || !detection.adapter.isFallback) return undefined;
  return detection.deviceMemoryGB === undefined ? undefined : detection.deviceMemoryGB * 1024;
}

export function buildCatalog(
  models: readonly ModelRecord[],
  detection: GpuDetection,
  customIds: readonly string[] = []
): Catalog {
  if (detection.status !== 'available') {
    return {
      entries: [],
      hidden: {},
      unavailable: `WebGPU is not available, so WebLLM cannot run here. ${detection.message} ${CPU_ENGINE_POINTER}`
    };
  }
  const budget = memoryBudgetMB(detection);
  const hidden: Partial<Record<HiddenReason, number>> = {};
  const entries: CatalogEntry[] = [];
  for (const record of models) {
    const reason = hiddenBecause(
      record,
      detection.shaderF16,
      detection.limits.maxStorageBufferBindingSize,
      budget
    );
    if (reason) {
      hidden[reason] = (hidden[reason] ?? 0) + 1;
      continue;
    }
    entries.push(toEntry(record, customIds.includes(record.model_id)));
  }
  entries.sort((a, b) => (a.vramMB ?? Infinity) - (b.vramMB ?? Infinity) || a.id.localeCompare(b.id));
  return { entries, hidden, ...(budget === undefined ? {} : { memoryBudgetMB: budget }) };
}

function hiddenBecause(
  record: ModelRecord,
  shaderF16: boolean,
  maxBinding: number,
  budget: number | undefined
): HiddenReason | undefined {
  if ((record.model_type ?? CHAT_MODEL_TYPE) !== CHAT_MODEL_TYPE) return 'not-chat';
  if (!shaderF16 && needsShaderF16(record)) return 'shader-f16';
  if (record.buffer_size_required_bytes !== undefined && record.buffer_size_required_bytes > maxBinding)
    return 'buffer-size';
  if (budget !== undefined && record.vram_required_MB !== undefined && record.vram_required_MB > budget)
    return 'memory';
  return undefined;
}

function toEntry(record: ModelRecord, custom: boolean): CatalogEntry {
  const entry: CatalogEntry = { id: record.model_id, record, needsShaderF16: needsShaderF16(record), custom };
  if (record.vram_required_MB !== undefined) entry.vramMB = record.vram_required_MB;
  const download = approxDownloadMB(record.model_id);
  if (download !== undefined) entry.approxDownloadMB = download;
  const context = record.overrides?.context_window_size;
  if (context !== undefined) entry.contextWindow = context;
  return entry;
}

/** Bits per weight of MLC quantizations, group scales included. */
const BITS: Record<string, number> = { q0f32: 32, q0f16: 16, q4f32: 4.5, q4f16: 4.5, q3f16: 3.5 };

/** From `Qwen3-1.7B-q4f32_1-MLC`: 1.7e9 weights at 4.5 bits. Undefined when the name says neither. */
export function approxDownloadMB(modelId: string): number | undefined {
  const size = /(?<![\d.])(\d+(?:[._]\d+)?)([bm])(?![a-z\d])/i.exec(modelId);
  const quant = /q\d+f(16|32)/i.exec(modelId);
  if (!size || !quant) return undefined;
  const bits = BITS[quant[0].toLowerCase()];
  if (bits === undefined) return undefined;
  const count = Number(size[1]!.replace('_', '.')) * (size[2]!.toLowerCase() === 'b' ? 1e9 : 1e6);
  return Math.round((count * bits) / 8 / 1e6);
}

/** Sentences for the models the list leaves out, in the order a user would care. */
export function hiddenSummary(catalog: Catalog): string[] {
  const h = catalog.hidden;
  const out: string[] = [];
  if (h['shader-f16'])
    out.push(`${h['shader-f16']} models need shader-f16 (16-bit floats), which this GPU lacks.`);
  if (h['buffer-size'])
    out.push(`${h['buffer-size']} models need larger GPU buffers than this adapter allows.`);
  if (h.memory && catalog.memoryBudgetMB !== undefined)
    out.push(
      `${h.memory} models need more than the ${Math.round(catalog.memoryBudgetMB / 1024)} GB of memory this device reports.`
    );
  if (h['not-chat'])
    out.push(`${h['not-chat']} embedding or vision models are not offered (text chat only).`);
  return out;
}
