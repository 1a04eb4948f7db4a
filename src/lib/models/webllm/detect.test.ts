import { describe, expect, it } from 'vitest';
import { detectWebGpu, type AdapterLike } from './detect';

function adapter(features: string[], info: Partial<GPUAdapterInfo>): AdapterLike {
  return {
    features: new Set(features),
    info,
    limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 }
  };
}

describe('detectWebGpu', () => {
  it('says why there is no WebGPU', async () => {
    expect(await detectWebGpu({})).toMatchObject({ status: 'unavailable', reason: 'no-webgpu' });
    const none = await detectWebGpu({ gpu: { requestAdapter: () => Promise.resolve(null) } });
    expect(none).toMatchObject({ status: 'unavailable', reason: 'no-adapter' });
    const broken = await detectWebGpu({
      gpu: { requestAdapter: () => Promise.reject(new Error('blocked')) }
    });
    expect(broken).toMatchObject({
      status: 'unavailable',
      reason: 'failed',
      message: 'Asking for a GPU adapter failed: blocked'
    });
  });

  it('reports the adapter, shader-f16, limits and memory', async () => {
    const swiftshader = adapter(['subgroups'], {
      vendor: 'google',
      architecture: 'swiftshader',
      description: ''
    });
    const result = await detectWebGpu({
      gpu: { requestAdapter: () => Promise.resolve(swiftshader) },
      deviceMemory: 16
    });
    expect(result).toEqual({
      status: 'available',
      adapter: {
        vendor: 'google',
        architecture: 'swiftshader',
        description: '',
        isFallback: true,
        label: 'google swiftshader'
      },
      shaderF16: false,
      limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 },
      deviceMemoryGB: 16
    });
    const real = adapter(['shader-f16'], {
      vendor: 'nvidia',
      architecture: 'ampere',
      description: 'RTX',
      isFallbackAdapter: false
    });
    const gpu = await detectWebGpu({ gpu: { requestAdapter: () => Promise.resolve(real) } });
    expect(gpu).toMatchObject({
      status: 'available',
      shaderF16: true,
      adapter: { isFallback: false, label: 'nvidia ampere RTX' }
    });
  });
});
