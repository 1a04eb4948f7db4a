// The wasm ships with the app (Vite copies it into the build): the engine never comes from a CDN.
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';

export const WLLAMA_ASSETS = { default: wasmUrl };
