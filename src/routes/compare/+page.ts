import { resolve } from '$app/paths';
import { loadComparison } from '$lib/data/compare';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, fetch }) =>
  loadComparison(fetch, resolve('/').replace(/\/$/, ''), {
    a: url.searchParams.get('a'),
    b: url.searchParams.get('b')
  });
