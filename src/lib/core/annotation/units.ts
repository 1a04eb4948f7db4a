import type { AgreementUnit } from '../agreement/report';
import type { CheckKind } from '../checks/check-templates';
import { finalLabel, type ValueLabel } from './schema';

/** Which of an annotator's labels to count: before the model's verdicts were shown, or final. */
export type Stage = 'blind' | 'final';

/** `storyId#valueIndex`: one unit of agreement (a value of a story under one check). */
export function unitKey(storyId: string, valueIndex: number): string {
  return `${storyId}#${valueIndex}`;
}

/** A unit of agreement that knows which value of its story it is. */
export interface ValueUnit extends AgreementUnit {
  valueIndex: number;
}

/**
 * Agreement units for one check: per story value, each annotator's verdict. Stories are kept so
 * intervals resample stories, not values.
 */
export function agreementUnits(
  labels: ReadonlyMap<string, readonly ValueLabel[]>,
  check: CheckKind,
  stage: Stage,
  keep: (storyId: string) => boolean = () => true
): ValueUnit[] {
  const units = new Map<string, { story: string; valueIndex: number; labels: Map<string, string> }>();
  for (const [annotator, list] of labels)
    for (const label of list) {
      if (label.check !== check || !keep(label.storyId)) continue;
      const key = unitKey(label.storyId, label.valueIndex);
      let unit = units.get(key);
      if (!unit) {
        unit = { story: label.storyId, valueIndex: label.valueIndex, labels: new Map() };
        units.set(key, unit);
      }
      unit.labels.set(annotator, (stage === 'blind' ? label.blind : finalLabel(label)).verdict);
    }
  return [...units.values()];
}

/** How often annotators changed a verdict after seeing the model's (anchoring). */
export function anchoring(labels: ReadonlyMap<string, readonly ValueLabel[]>): {
  changed: number;
  total: number;
} {
  let changed = 0;
  let total = 0;
  for (const list of labels.values())
    for (const label of list) {
      total++;
      if (label.revised !== undefined && label.revised.verdict !== label.blind.verdict) changed++;
    }
  return { changed, total };
}

/**
 * The people's majority verdict per unit; undefined on a tie (adjudication decides those).
 */
export function humanMajority(
  units: readonly AgreementUnit[]
): Map<AgreementUnit, 'pass' | 'fail' | undefined> {
  const out = new Map<AgreementUnit, 'pass' | 'fail' | undefined>();
  for (const unit of units) {
    let pass = 0;
    let fail = 0;
    for (const label of unit.labels.values()) {
      if (label === 'pass') pass++;
      else if (label === 'fail') fail++;
    }
    out.set(unit, pass > fail ? 'pass' : fail > pass ? 'fail' : undefined);
  }
  return out;
}
