/** Modules the build makes (see scripts/vite-webllm-models.ts). */
declare module 'virtual:webllm-prebuilt-models' {
  const models: import('@mlc-ai/web-llm').ModelRecord[];
  export default models;
}
