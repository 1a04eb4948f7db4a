import {
  filterStories,
  uniqueSorted,
  type DatasetView,
  type StoryFilter,
  type StoryView
} from '$lib/core/dataset/view';

/** The URL parameter of each filter: the filters live in the URL, so Back and links keep them. */
const PARAMS: Readonly<Record<keyof StoryFilter, string>> = {
  search: 'q',
  category: 'category',
  scene: 'scene',
  statement: 'statement',
  flag: 'flag'
};

/** The story filters a page's URL holds (none when it holds none). */
export function filterFromParams(params: URLSearchParams): StoryFilter {
  const get = (field: keyof StoryFilter): string => params.get(PARAMS[field]) ?? '';
  return {
    search: get('search'),
    category: get('category'),
    scene: get('scene'),
    statement: get('statement'),
    flag: get('flag')
  };
}

/** The query string (without `?`) that holds these filters; empty when none is set. */
export function filterQuery(filter: StoryFilter): string {
  return (Object.keys(PARAMS) as (keyof StoryFilter)[])
    .filter((field) => filter[field] !== '')
    .map((field) => `${PARAMS[field]}=${encodeURIComponent(filter[field])}`)
    .join('&');
}

/** `?query`, or nothing when there is no filter: for links that carry the filters along. */
export const withQuery = (query: string): string => (query === '' ? '' : `?${query}`);

/**
 * The story list's filters and what they select, for one dataset. The filters are read from the
 * URL; changing one asks `navigate` for the URL with the new query.
 */
export class StoryBrowser {
  readonly filter: StoryFilter;
  readonly query: string;
  readonly stories: StoryView[];
  /** Every statement with at least one story, for the statement filter. */
  readonly statements: string[];
  readonly scenes: string[];

  /**
   * `flags` gives each story's difficulty flag once the page has measured it (undefined until
   * then: the flag filter then selects by the other filters only).
   */
  constructor(
    dataset: () => DatasetView,
    params: () => URLSearchParams,
    private readonly navigate: (query: string) => void,
    flags: () => ReadonlyMap<string, string> | undefined = () => undefined
  ) {
    const stories = (): StoryView[] => dataset().categories.flatMap((c) => c.stories);
    this.filter = $derived(filterFromParams(params()));
    this.query = $derived(filterQuery(this.filter));
    this.stories = $derived.by(() => {
      const known = flags();
      return filterStories(dataset(), this.filter, known === undefined ? undefined : (key) => known.get(key));
    });
    this.statements = $derived(uniqueSorted(stories().flatMap((s) => s.statements)));
    this.scenes = $derived(uniqueSorted(stories().flatMap((s) => (s.scene === undefined ? [] : [s.scene]))));
  }

  set(field: keyof StoryFilter, value: string): void {
    this.navigate(filterQuery({ ...this.filter, [field]: value }));
  }

  reset(): void {
    this.navigate('');
  }
}
