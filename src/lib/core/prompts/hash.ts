import type { Template } from './templates';
import { sha256Hex } from '../text/sha256';

/**
 * SHA-256 of the exact template text and system prompt a run used, so two runs can be told
 * apart when anyone edits a template.
 */
export function templateHash(template: Template, systemPrompt: string): Promise<string> {
  return sha256Hex(JSON.stringify({ body: template.body, example: template.example, system: systemPrompt }));
}
