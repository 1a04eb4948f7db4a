/** Caps of HTTP transport only; the reply cap itself is the runner's (core/runner/reply-cap.ts). */

/** Model lists are documents, not answers: some servers list hundreds of models with details. */
export const MODEL_LIST_CAP = 16 * 1024 * 1024;

/**
 * A stream's bytes may reach this many times the cap before it is cut: OpenAI-style framing
 * spends some 150 bytes on each token of a few characters.
 */
export const STREAM_FRAMING_ALLOWANCE = 64;
