import type { Template } from './templates';

/**
 * SHA-256 (hex) of the exact template text and system prompt a run used, so two runs can be
 * told apart when anyone edits a template. Web Crypto exists in browsers, workers and Node 20.
 */
export async function templateHash(template: Template, systemPrompt: string): Promise<string> {
  const canonical = JSON.stringify({ body: template.body, example: template.example, system: systemPrompt });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
