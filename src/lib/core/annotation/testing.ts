import type { AnnotationProject } from './project';

/**
 * A project for tests: two annotators on every story, the incorporation check, no
 * adjudications; the test gives its stories, assignments and results, and any other field
 * it cares about.
 */
export function projectFixture(
  parts: Pick<AnnotationProject, 'stories' | 'assignments' | 'results'> & Partial<AnnotationProject>
): AnnotationProject {
  return {
    id: 'p',
    name: 'P',
    dataset: 'shipped',
    createdAt: '2026-01-01T00:00:00.000Z',
    seed: 's',
    checks: ['incorporation'],
    annotators: ['ana', 'ben'],
    overlap: { kind: 'all', perStory: 2 },
    adjudications: {},
    ...parts
  };
}
