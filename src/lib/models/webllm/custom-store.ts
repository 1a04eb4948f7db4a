/** Custom models are kept in localStorage, so their cached files stay listed after a reload. */
import type { ModelRecord } from '@mlc-ai/web-llm';
import { z } from 'zod';
import { modelRecordSchema } from './protocol';

const KEY = 'cqbench.webllm.custom-models';

export class CustomModelStore {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined) {}

  /** The stored models; anything unreadable (an old format, a hand edit) is dropped. */
  read(): ModelRecord[] {
    const text = this.storage?.getItem(KEY);
    if (!text) return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return [];
    }
    const parsed = z.array(z.unknown()).safeParse(value);
    if (!parsed.success) return [];
    return parsed.data.flatMap((item) => {
      const record = modelRecordSchema.safeParse(item);
      return record.success ? [record.data] : [];
    });
  }

  write(records: readonly ModelRecord[]): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(records));
    } catch {
      // A full or blocked localStorage only costs remembering the model after a reload.
    }
  }
}

/** localStorage, or undefined where reading it throws (storage blocked for this site). */
export function browserLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
