import { describe, expect, it } from 'vitest';
import { ModelError } from '$lib/core/ports';
import { toModelError } from './webllm-errors';

const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });
const load = {
  phase: 'load' as const,
  modelId: 'Qwen3-0.6B-q4f32_1-MLC',
  modelUrl: 'https://hf.co/q/resolve/main/',
  vramMB: 1925
};

describe('toModelError', () => {
  it('treats an abort as cancelled', () => {
    expect(toModelError(new DOMException('x', 'AbortError'), load).kind).toBe('cancelled');
  });

  it('explains a missing GPU and points to the CPU engine', () => {
    const e = toModelError(
      named('WebGPUNotAvailableError', 'WebGPU is not supported ... https://webgpureport.org/'),
      load
    );
    expect(e.kind).toBe('permanent');
    expect(e.message).toMatch(/WebGPU is not available.*llama\.cpp in WebAssembly/);
  });

  it('names the shader-f16 requirement', () => {
    const e = toModelError(
      named('ShaderF16SupportError', 'This model requires WebGPU extension shader-f16'),
      load
    );
    expect(e.message).toMatch(/needs shader-f16.*q4f32/);
  });

  it('gives advice when the GPU runs out of memory', () => {
    const e = toModelError(
      named('DeviceLostError', 'The WebGPU device was lost while loading the model.'),
      load
    );
    expect(e.kind).toBe('permanent');
    expect(e.message).toMatch(/ran out of memory with Qwen3-0\.6B-q4f32_1-MLC \(it needs about 1925 MB\)/);
    expect(e.message).toMatch(/smaller model/);
  });

  it('names the URL of a failed download, or the model folder when the error does not', () => {
    const withUrl = toModelError(
      new Error('Cannot fetch https://hf.co/q/resolve/main/params_shard_3.bin'),
      load
    );
    expect(withUrl.kind).toBe('permanent');
    expect(withUrl.message).toMatch(/from https:\/\/hf\.co\/q\/resolve\/main\/params_shard_3\.bin/);
    const without = toModelError(new TypeError("Failed to execute 'add' on 'Cache': Request failed"), load);
    expect(without.message).toMatch(
      /Could not download a file of Qwen3-0\.6B-q4f32_1-MLC from https:\/\/hf\.co\/q\/resolve\/main\//
    );
  });

  it('keeps ModelErrors, and calls unknown failures permanent in a load, transient in a generation', () => {
    const mine = new ModelError('permanent', 'Could not download the config');
    expect(toModelError(mine, load)).toBe(mine);
    expect(toModelError(new Error('odd'), load)).toMatchObject({
      kind: 'permanent',
      message: 'WebLLM failed while loading Qwen3-0.6B-q4f32_1-MLC: odd'
    });
    expect(toModelError(new Error('odd'), { phase: 'complete' }).kind).toBe('transient');
  });
});
