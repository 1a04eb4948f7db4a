/**
 * What this browser's WebGPU can do, as a plain object the catalog and the page can use.
 * Nothing here decides which models to offer; `catalog.ts` does, from this result.
 */

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader and the like): it computes on the CPU, in system memory. */
  isFallback: boolean;
  /** Vendor, architecture and description joined, for people. */
  label: string;
}

export interface GpuLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

export type GpuDetection =
  | {
      status: 'available';
      adapter: GpuAdapterSummary;
      shaderF16: boolean;
      limits: GpuLimits;
      /** `navigator.deviceMemory` in GiB when the browser tells (rounded, capped by the browser). */
      deviceMemoryGB?: number;
    }
  | {
      status: 'unavailable';
      reason: 'no-webgpu' | 'no-adapter' | 'failed';
      /** Why, in plain words. */
      message: string;
    };

/** The parts of an adapter detection reads. */
export interface AdapterLike {
  features: { has(name: string): boolean };
  info?: Partial<GPUAdapterInfo>;
  limits: Pick<GPUSupportedLimits, 'maxBufferSize' | 'maxStorageBufferBindingSize'>;
}

/** The parts of `navigator` detection reads; a fake in tests. */
export interface NavigatorLike {
  gpu?: { requestAdapter(): Promise<AdapterLike | null> };
  deviceMemory?: unknown;
}

export async function detectWebGpu(nav: NavigatorLike): Promise<GpuDetection> {
  if (!nav.gpu) {
    return {
      status: 'unavailable',
      reason: 'no-webgpu',
      message: 'This browser does not offer WebGPU (navigator.gpu is missing).'
    };
  }
  let adapter: AdapterLike | null;
  try {
    adapter = await nav.gpu.requestAdapter();
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { status: 'unavailable', reason: 'failed', message: `Asking for a GPU adapter failed: ${detail}` };
  }
  if (!adapter) {
    return {
      status: 'unavailable',
      reason: 'no-adapter',
      message:
        'This browser has WebGPU but found no GPU adapter (no GPU, a blocked driver, or WebGPU turned off).'
    };
  }
  const memory = nav.deviceMemory;
  return {
    status: 'available',
    adapter: summarizeAdapter(adapter.info),
    shaderF16: adapter.features.has('shader-f16'),
    limits: {
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize
    },
    ...(typeof memory === 'number' && memory > 0 ? { deviceMemoryGB: memory } : {})
  };
}

function summarizeAdapter(info: Partial<GPUAdapterInfo> | undefined): GpuAdapterSummary {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const description = info?.description ?? '';
  // Older Chromium builds lack isFallbackAdapter; SwiftShader is the one software adapter they ship.
  const isFallback =
    info?.isFallbackAdapter === true || /swiftshader/i.test(`${architecture} ${description}`);
  const label = [vendor, architecture, description].filter((s) => s !== '').join(' ') || 'unnamed adapter';
  return { vendor, architecture, description, isFallback, label };
}
