/** A label an annotator (or a model) gave one unit: a category name or a number. */
export type Label = string | number;

/**
 * Reliability data: one row per coder, one entry per unit, `undefined` where that coder did not
 * label the unit. Every row has the same length.
 */
export type Ratings = readonly (readonly (Label | undefined)[])[];

/** The labels each unit received, missing ones left out. */
export function unitsOf(ratings: Ratings): Label[][] {
  const width = ratings[0]?.length ?? 0;
  for (const [i, row] of ratings.entries())
    if (row.length !== width)
      throw new RangeError(`coder ${i + 1} has ${row.length} units where coder 1 has ${width}`);
  const units: Label[][] = [];
  for (let u = 0; u < width; u++) {
    const labels: Label[] = [];
    for (const row of ratings) {
      const label = row[u];
      if (label !== undefined) labels.push(label);
    }
    units.push(labels);
  }
  return units;
}

/** Units with at least two labels: the only ones that say anything about agreement. */
export function pairable(units: readonly (readonly Label[])[]): (readonly Label[])[] {
  return units.filter((labels) => labels.length >= 2);
}

/** How many times each label occurs in a unit. */
export function countLabels(labels: readonly Label[]): Map<Label, number> {
  const counts = new Map<Label, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

/** Each label's share of all labels given (the prevalence shown beside every statistic). */
export function prevalence(units: readonly (readonly Label[])[]): Map<Label, number> {
  const counts = new Map<Label, number>();
  let total = 0;
  for (const labels of units)
    for (const label of labels) {
      counts.set(label, (counts.get(label) ?? 0) + 1);
      total++;
    }
  const shares = new Map<Label, number>();
  for (const [label, count] of counts) shares.set(label, count / total);
  return shares;
}
