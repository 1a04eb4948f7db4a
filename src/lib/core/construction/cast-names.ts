import { SeededRandom } from '../random';

/**
 * Given names for the value holders of a built multiple-character story: the draw says which
 * character holds which attitude, so the characters need names before the writer is asked.
 * Short, distinct names from many languages; the writer sets the scene around them.
 */
export const CAST_NAMES = [
  'Amara',
  'Bao',
  'Carmen',
  'Dawit',
  'Elif',
  'Farid',
  'Greta',
  'Hana',
  'Ikaika',
  'Jonas',
  'Kwame',
  'Leila',
  'Mateo',
  'Nadia',
  'Oskar',
  'Priya',
  'Quang',
  'Rosa',
  'Sione',
  'Tomasz',
  'Umar',
  'Vera',
  'Wanjiru',
  'Ximena',
  'Yusuf',
  'Zofia'
] as const;

/** `count` different names for one story, by the construction's seed and the story's index. */
export function castNames(seed: string, index: number, count: number): string[] {
  return new SeededRandom(`${seed}/multiple/${index}/names`).sample(CAST_NAMES, count);
}
