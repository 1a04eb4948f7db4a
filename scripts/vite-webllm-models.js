const ID = 'virtual:webllm-prebuilt-models';
const RESOLVED = `\0${ID}`;

/**
 * `virtual:webllm-prebuilt-models`: web-llm's list of prebuilt models, read from the installed
 * package when the app is built. The Local models page needs only this list to offer models;
 * importing web-llm itself for it would fetch some 2 MB (gzip) before the page is idle. The
 * library is imported when a model is loaded, or its cache is read.
 * @returns {import('vite').Plugin}
 */
export function webllmPrebuiltModels() {
  return {
    name: 'webllm-prebuilt-models',
    resolveId: (source) => (source === ID ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const { prebuiltAppConfig } = await import('@mlc-ai/web-llm');
      return `export default ${JSON.stringify(prebuiltAppConfig.model_list)};`;
    }
  };
}
