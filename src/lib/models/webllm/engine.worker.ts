/**
 * The WebLLM worker: web-llm's MLCEngine lives here, off the page's thread, so downloading,
 * compiling and generating never freeze the page. All the logic is in EngineHost.
 */
import { MLCEngine, hasModelInCache } from '@mlc-ai/web-llm';
import { EngineHost } from './engine-host';

const host = new EngineHost({
  createEngine: () => {
    const engine = new MLCEngine();
    return {
      setAppConfig: (config) => {
        engine.setAppConfig(config);
      },
      setInitProgressCallback: (callback) => {
        engine.setInitProgressCallback(callback);
      },
      reload: (modelId) => engine.reload(modelId),
      streamChat: (request) => engine.chatCompletion(request),
      interruptGenerate: () => {
        void engine.interruptGenerate();
      },
      unload: () => engine.unload()
    };
  },
  isCached: (record) => hasModelInCache(record.model_id, { model_list: [record] }),
  fetch: (url, init) => fetch(url, init),
  post: (event) => {
    postMessage(event);
  }
});

addEventListener('message', (event: MessageEvent) => {
  host.receive(event.data);
});
