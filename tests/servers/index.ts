/** Protocol-faithful local API servers for tests, e2e runs and benchmarks. */
export { startOpenAIServer } from './openai-server';
export { startAnthropicServer } from './anthropic-server';
export { startGeminiServer } from './gemini-server';
export {
  INVALID_UTF8_MARKER,
  randomFaults,
  tokenize,
  type FakePrompt,
  type FakeServer,
  type FakeServerOptions,
  type Fault,
  type FaultPlan,
  type RecordedRequest
} from './fake-server';
export {
  extractionModel,
  fakeJudge,
  fakePicks,
  honestVerdicts,
  readJudgePrompt,
  type JudgeMode
} from './extraction-fakes';
export { fakeChecker, INVENTED_QUOTE, type CheckerMode } from './fake-checker';
