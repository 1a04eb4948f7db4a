/** The interfaces the core needs from the outside world. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
