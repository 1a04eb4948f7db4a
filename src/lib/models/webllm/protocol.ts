/**
 * The messages between the page and the WebLLM worker: requests (load, complete, abort,
 * unload) and events (progress, text, done, error), unions tagged by `type`. Both sides
 * validate what they receive, and errors cross as plain `{name, kind, message}` objects that
 * are rebuilt into ModelErrors, never as strings.
 */
import { z } from 'zod';
import { ModelError, type ModelErrorKind } from '$lib/core/ports';
import { samplingSchema } from '$lib/core/schema/run';

/** The fields of web-llm's ModelRecord the worker needs; the rest is dropped on the way. */
export const modelRecordSchema = z.object({
  model: z.url({ protocol: /^https?$/ }),
  model_id: z.string().min(1),
  model_lib: z.url({ protocol: /^https?$/ }),
  model_manifest: z.string().min(1).optional(),
  required_features: z.array(z.string()).optional(),
  vram_required_MB: z.number().nonnegative().optional(),
  low_resource_required: z.boolean().optional(),
  buffer_size_required_bytes: z.number().nonnegative().optional(),
  overrides: z
    .object({
      context_window_size: z.number().int().optional(),
      sliding_window_size: z.number().int().optional(),
      attention_sink_size: z.number().int().optional()
    })
    .optional()
});
export type WireModelRecord = z.infer<typeof modelRecordSchema>;

const messageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string()
});

const id = z.number().int().nonnegative();

export const workerRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('load'), id, record: modelRecordSchema }),
  z.strictObject({
    type: z.literal('complete'),
    id,
    messages: z.array(messageSchema).min(1),
    sampling: samplingSchema
  }),
  /** `id` is the request to abort. */
  z.strictObject({ type: z.literal('abort'), id }),
  z.strictObject({ type: z.literal('unload'), id })
]);
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

const MODEL_ERROR_KINDS = [
  'permanent',
  'rate-limited',
  'transient',
  'timeout',
  'unretryable',
  'cancelled'
] as const satisfies readonly ModelErrorKind[];

export const plainErrorSchema = z.strictObject({
  name: z.literal('ModelError'),
  kind: z.enum(MODEL_ERROR_KINDS),
  message: z.string(),
  status: z.number().int().optional(),
  retryAfterMs: z.number().nonnegative().optional()
});
export type PlainModelError = z.infer<typeof plainErrorSchema>;

export const completionResultSchema = z.strictObject({
  text: z.string(),
  finishReason: z.enum(['stop', 'length', 'other']),
  usage: z
    .strictObject({
      promptTokens: z.number().int().nonnegative(),
      completionTokens: z.number().int().nonnegative()
    })
    .optional()
});
export type CompletionResult = z.infer<typeof completionResultSchema>;

export const workerEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('progress'),
    id,
    /** 0 to 1. */
    progress: z.number().min(0).max(1),
    text: z.string()
  }),
  z.strictObject({ type: z.literal('text'), id, delta: z.string() }),
  /** `result` is the completion for `complete`, null for `load` and `unload`. */
  z.strictObject({ type: z.literal('done'), id, result: completionResultSchema.nullable() }),
  z.strictObject({ type: z.literal('error'), id, error: plainErrorSchema })
]);
export type WorkerEvent = z.infer<typeof workerEventSchema>;

export function parseRequest(data: unknown): WorkerRequest | undefined {
  const parsed = workerRequestSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

export function parseEvent(data: unknown): WorkerEvent | undefined {
  const parsed = workerEventSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The request id of a message that failed validation, so its sender can still be answered. */
export function requestIdOf(data: unknown): number | undefined {
  const parsed = z.object({ id }).safeParse(data);
  return parsed.success ? parsed.data.id : undefined;
}

export function errorEvent(requestId: number, error: ModelError): WorkerEvent {
  return { type: 'error', id: requestId, error: error.toPlain() };
}

export function errorFromEvent(plain: PlainModelError): ModelError {
  return ModelError.fromPlain(plain);
}
