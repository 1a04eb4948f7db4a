/** The fake servers' model: the prompt it is given, and how its answer is counted and cut. */

/** What the answer function is asked, whatever the vendor. */
export interface FakePrompt {
  model: string;
  system: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  /** The last user message: what most tests answer to. */
  lastUser: string;
}

/** Splits text the way the fake servers count tokens: a word with the spaces after it. */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** What a fake model produced for a prompt, counted in the servers' whitespace tokens. */
export interface FakeCompletion {
  /** The answer in stream pieces, one token each. */
  pieces: string[];
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** The token limit cut the answer short. */
  cutByLimit: boolean;
}

export function fakeCompletion(
  prompt: FakePrompt,
  answer: string,
  maxTokens: number | undefined
): FakeCompletion {
  const all = tokenize(answer);
  const pieces = maxTokens === undefined ? all : all.slice(0, maxTokens);
  const promptText = [prompt.system, ...prompt.messages.map((m) => m.content)].join(' ');
  const words = promptText.match(/\S+/g) ?? [];
  return {
    pieces,
    text: pieces.join(''),
    promptTokens: words.length,
    completionTokens: pieces.length,
    cutByLimit: pieces.length < all.length
  };
}

/** The first issue of a failed validation, as `path: message`, for the vendors' 400 bodies. */
export function firstIssue(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
