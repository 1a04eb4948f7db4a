import { validate } from '../formats/release';
import { parseJsonText } from '../format-error';
import { categoryFileSchema, type CategoryFile, type Story } from '../schema/story';
import { shippedCategorySchema, type PoolEntry, type ShippedCategory } from '../schema/value';
import { buildReleaseFiles, type ReleaseFiles } from './build';
import { DEMONSTRATIONS } from '../prompts/demonstrations';
import type { ResolvedExample } from '../prompts/build';

/** Reads one `datasets/stories/<category>.json` document. */
export function readCategoryFile(file: string, text: string): CategoryFile {
  return validate(file, categoryFileSchema, parseJsonText(file, text), 'story');
}

/** The shipped benchmark: stories and pools per category, loaded by the caller (Node or browser). */
export interface ShippedBenchmark {
  stories: Record<ShippedCategory, Story[]>;
  pools: Record<ShippedCategory, PoolEntry[]>;
}

export function releaseFilesOf(bench: ShippedBenchmark, category: ShippedCategory): ReleaseFiles {
  return buildReleaseFiles(bench.stories[category], bench.pools[category]);
}

/**
 * The worked example for a one-shot prompt: the first demonstration whose story is not the
 * test story (compared by text, so it also holds for imported copies of a shipped story).
 */
export function exampleFor(bench: ShippedBenchmark, testStory: string): ResolvedExample {
  for (const demo of DEMONSTRATIONS) {
    const category = shippedCategorySchema.parse(demo.storyId.slice(0, demo.storyId.indexOf('-')));
    const stories = bench.stories[category];
    const index = stories.findIndex((s) => s.id === demo.storyId);
    const story = stories[index];
    if (story === undefined) throw new Error(`demonstration story ${demo.storyId} is not in the benchmark`);
    if (story.text === testStory) continue;
    const files = releaseFilesOf(bench, category);
    const question = files.setting1[index]!.questions.find((q) => q.value === demo.attitude.statement);
    if (question === undefined) throw new Error(`${demo.storyId} has no value "${demo.attitude.statement}"`);
    const selection = files.setting2[index]!;
    return {
      attitude: {
        story: story.text,
        statement: question.value,
        options: question.options,
        answer: question['gold label'],
        evidence: demo.attitude.evidence,
        reasoning: demo.attitude.reasoning
      },
      selection: {
        story: story.text,
        options: selection.options,
        number: selection.values.length,
        answer: selection.values,
        evidence: demo.selection.evidence,
        reasoning: demo.selection.reasoning
      }
    };
  }
  throw new Error('no demonstration story differs from the test story');
}
