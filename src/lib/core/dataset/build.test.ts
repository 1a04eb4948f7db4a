import { describe, expect, it } from 'vitest';
import { shippedBenchmarkFixture } from './testing';
import { releaseFilesOf } from './shipped-benchmark';
import { readOriginal, readSetting1, readSetting2, writeReleaseJson } from '../formats/release';
import { readReleaseBundle } from '../formats/bundle';
import { viewOfBundle, viewOfShipped } from './view';

const bench = shippedBenchmarkFixture();

describe('release files of the shipped benchmark', () => {
  it('are the same on every build (deterministic distractors and order)', () => {
    expect(writeReleaseJson(releaseFilesOf(bench, 'political').setting2)).toBe(
      writeReleaseJson(releaseFilesOf(bench, 'political').setting2)
    );
  });

  it('read back exactly as written (round trip of all three formats)', () => {
    const files = releaseFilesOf(bench, 'multiple');
    expect(readOriginal('o.json', writeReleaseJson(files.original))).toEqual(files.original);
    expect(readSetting1('s1.json', writeReleaseJson(files.setting1))).toEqual(files.setting1);
    expect(readSetting2('s2.json', writeReleaseJson(files.setting2))).toEqual(files.setting2);
  });

  it('import as a dataset that shows the same stories, values and task items as the shipped one', () => {
    const files = releaseFilesOf(bench, 'social');
    const bundle = readReleaseBundle([
      { name: 'dataset_social_original.json', text: writeReleaseJson(files.original) },
      { name: 'dataset_setting1_social.json', text: writeReleaseJson(files.setting1) },
      { name: 'dataset_setting2_social.json', text: writeReleaseJson(files.setting2) }
    ]);
    expect(bundle.warnings).toEqual([]);
    const imported = viewOfBundle('7', 'copy', bundle).categories[0]!.stories;
    const shipped = viewOfShipped(bench).categories.find((c) => c.name === 'social')!.stories;
    expect(imported.map((s) => [s.title, s.values, s.questions, s.selection, s.characters])).toEqual(
      shipped.map((s) => [s.title, s.values, s.questions, s.selection, s.characters])
    );
  });
});
