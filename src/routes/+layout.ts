// A client-side app: everything runs in the browser (IndexedDB, local models), so there is
// nothing to render on a server, and the static build serves every route from one fallback.
export const ssr = false;
export const prerender = false;
