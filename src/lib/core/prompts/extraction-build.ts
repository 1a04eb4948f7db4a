import type { ChatMessage } from '../ports';
import { DEFAULT_EXTRACTION_TEMPLATES, type ExtractionTemplates } from './extraction-templates';
import { fill } from './templates';

/**
 * The two user messages of a value-extraction item: the first (with the system prompt, when
 * not blank) is sent as is, the second after the model's reply in the same conversation.
 */
export function buildExtractionMessages(
  story: string,
  multiple: boolean,
  systemPrompt: string,
  templates: ExtractionTemplates = DEFAULT_EXTRACTION_TEMPLATES
): { messages: ChatMessage[]; followUps: string[] } {
  const first = fill(templates.analysis, { story }, 'extraction analysis');
  const second = fill(
    templates.values,
    { format: multiple ? templates.multipleFormat : templates.format },
    'extraction values'
  );
  const messages: ChatMessage[] =
    systemPrompt.trim() === ''
      ? [{ role: 'user', content: first }]
      : [
          { role: 'system', content: systemPrompt },
          { role: 'user', content: first }
        ];
  return { messages, followUps: [second] };
}
