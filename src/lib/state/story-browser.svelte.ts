import {
  filterStories,
  uniqueSorted,
  type DatasetView,
  type StoryFilter,
  type StoryView
} from '$lib/core/dataset/view';

const NO_FILTER: StoryFilter = { category: '', scene: '', statement: '', search: '' };

/** The story list's filters and what they select, for one dataset. */
export class StoryBrowser {
  filter: StoryFilter = $state({ ...NO_FILTER });
  readonly stories: StoryView[];
  /** Every statement with at least one story, for the statement filter. */
  readonly statements: string[];
  readonly scenes: string[];

  constructor(dataset: () => DatasetView) {
    const stories = (): StoryView[] => dataset().categories.flatMap((c) => c.stories);
    this.stories = $derived(filterStories(dataset(), this.filter));
    this.statements = $derived(uniqueSorted(stories().flatMap((s) => s.statements)));
    this.scenes = $derived(uniqueSorted(stories().flatMap((s) => (s.scene === undefined ? [] : [s.scene]))));
  }

  reset(): void {
    this.filter = { ...NO_FILTER };
  }
}
