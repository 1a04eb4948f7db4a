/**
 * Known endpoints, so a user picks "Groq" instead of typing a base URL. `keyEnv` is where the
 * CLI looks for the key; `concurrency` is a starting point a user can change.
 */
export interface ProviderPreset {
  id: string;
  label: string;
  /** The protocol the endpoint speaks. */
  provider: 'openai' | 'anthropic' | 'gemini';
  baseUrl: string;
  needsKey: boolean;
  keyEnv?: string;
  /** Runs on the user's machine: fine without a key, and often answers one request at a time. */
  local: boolean;
  concurrency: number;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  cloud('openai', 'OpenAI', 'https://api.openai.com/v1', 'OPENAI_API_KEY'),
  cloud('deepseek', 'DeepSeek', 'https://api.deepseek.com/v1', 'DEEPSEEK_API_KEY'),
  cloud('openrouter', 'OpenRouter', 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY'),
  cloud('groq', 'Groq', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY'),
  cloud('together', 'Together', 'https://api.together.xyz/v1', 'TOGETHER_API_KEY'),
  {
    ...cloud('anthropic', 'Anthropic', 'https://api.anthropic.com', 'ANTHROPIC_API_KEY'),
    provider: 'anthropic'
  },
  {
    ...cloud('gemini', 'Gemini', 'https://generativelanguage.googleapis.com', 'GEMINI_API_KEY'),
    provider: 'gemini'
  },
  // vLLM batches requests itself; the desktop servers default to few parallel slots.
  local('vllm', 'vLLM (local)', 'http://127.0.0.1:8000/v1', 8),
  local('ollama', 'Ollama (local)', 'http://127.0.0.1:11434/v1', 1),
  local('llamacpp', 'llama.cpp server (local)', 'http://127.0.0.1:8080/v1', 1),
  local('lmstudio', 'LM Studio (local)', 'http://127.0.0.1:1234/v1', 1)
];

function cloud(id: string, label: string, baseUrl: string, keyEnv: string): ProviderPreset {
  return { id, label, provider: 'openai', baseUrl, needsKey: true, keyEnv, local: false, concurrency: 4 };
}

function local(id: string, label: string, baseUrl: string, concurrency: number): ProviderPreset {
  return { id, label, provider: 'openai', baseUrl, needsKey: false, local: true, concurrency };
}

export function findPreset(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}
