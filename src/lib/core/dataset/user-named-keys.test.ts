import { afterEach, describe, expect, it } from 'vitest';
import { readReleaseBundle } from '../formats/bundle';
import { writeReleaseJson } from '../formats/release';
import { confusionOf } from '../scoring/attitude-summary';
import type { AttitudeItemScore } from '../scoring/attitude';
import { planKeys } from './run-dataset';
import { releaseFilesOf } from './shipped-benchmark';
import { shippedBenchmarkFixture } from './testing';
import { viewOfBundle } from './view';

// Names a dataset may give that are also properties of every plain object.
const HOSTILE = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

afterEach(() => {
  // Whatever a failing run set on Object or its prototype must not leak into other tests.
  for (const name of ['setting1', 'original', 'agree']) {
    Reflect.deleteProperty(Object, name);
    Reflect.deleteProperty(Object.prototype, name);
  }
});

describe('names from a dataset that are also properties of plain objects', () => {
  it('a category named constructor imports as a category with its stories, and sets nothing on Object', () => {
    const files = releaseFilesOf(shippedBenchmarkFixture(), 'social');
    const bundle = readReleaseBundle([
      { name: 'dataset_setting1_constructor.json', text: writeReleaseJson(files.setting1) },
      { name: 'dataset_constructor_original.json', text: writeReleaseJson(files.original) }
    ]);
    expect(Object.keys(bundle.categories)).toEqual(['constructor']);
    expect(Object.hasOwn(Object, 'setting1')).toBe(false);
    const view = viewOfBundle('1', 'named after Object', bundle);
    expect(view.categories.map((c) => [c.name, c.stories.length])).toEqual([
      ['constructor', files.original.length]
    ]);
    const dataset = { id: '1', name: 'named after Object', categories: bundle.categories };
    expect(planKeys(dataset, 'attitude')[0]).toBe('constructor/0/0');
  });

  it('a category named __proto__ is refused by its file name, naming the file', () => {
    expect(() => readReleaseBundle([{ name: 'dataset_setting1___proto__.json', text: '[]' }])).toThrow(
      'dataset_setting1___proto__.json: not a release dataset file name'
    );
  });

  it('gold labels with such names are counted as labels in the confusion matrix', () => {
    const items: AttitudeItemScore[] = HOSTILE.map((gold) => ({
      answer: 'agree',
      option: 0,
      prediction: 'agree',
      gold,
      correct: false,
      outcome: 'wrong'
    }));
    const confusion = confusionOf(items);
    expect(Object.keys(confusion)).toEqual(HOSTILE);
    for (const gold of HOSTILE)
      expect(Object.getOwnPropertyDescriptor(confusion, gold)?.value).toEqual({ agree: 1 });
    expect(Object.hasOwn(Object.prototype, 'agree')).toBe(false);
  });
});
