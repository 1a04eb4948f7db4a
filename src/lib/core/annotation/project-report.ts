import { agreementReport, type AgreementReport } from '../agreement/report';
import type { CheckKind } from '../checks/check-templates';
import type { AnnotationProject } from './project';
import type { ValueLabel } from './schema';
import { agreementUnits, anchoring, humanMajority, type Stage } from './units';
import { formatValue } from '../formats/values';
import { humanModelAgreement, type HumanModelAgreement } from './human-model';

export interface CheckAgreement {
  check: CheckKind;
  stage: Stage;
  report: AgreementReport;
}

/** Agreement per check, blind and final, over the project's merged results. */
export function projectAgreement(project: AnnotationProject, category?: string): CheckAgreement[] {
  const categoryOf = new Map(project.stories.map((s) => [s.storyId, s.category]));
  return labelsAgreement(
    project.id,
    project.checks,
    new Map(Object.entries(project.results)),
    (storyId) => category === undefined || categoryOf.get(storyId) === category
  );
}

/**
 * Agreement per check, blind and final, over annotators' labels of one project: what the
 * project page shows, and `cqbench annotations agreement` prints (same seeds, same figures).
 */
export function labelsAgreement(
  projectId: string,
  checks: readonly CheckKind[],
  labels: ReadonlyMap<string, readonly ValueLabel[]>,
  keep: (storyId: string) => boolean = () => true
): CheckAgreement[] {
  return checks.flatMap((check) =>
    (['blind', 'final'] as const).map((stage) => ({
      check,
      stage,
      report: agreementReport(agreementUnits(labels, check, stage, keep), {
        categories: ['pass', 'fail'],
        seed: `${projectId}#${check}#${stage}`
      })
    }))
  );
}

/** How many labels changed after the reveal, over the project's merged results. */
export function projectAnchoring(project: AnnotationProject): { changed: number; total: number } {
  return anchoring(new Map(Object.entries(project.results)));
}

export interface CheckHumanModel {
  check: CheckKind;
  result: HumanModelAgreement;
}

/**
 * Per check, the checking model's verdicts (from the project's check run) against the people's
 * majority before the reveal, so the comparison is not coloured by the model's own answers.
 */
export function projectHumanModel(project: AnnotationProject): CheckHumanModel[] {
  const model = new Map(project.stories.map((s) => [s.storyId, s.model]));
  const labels = new Map(Object.entries(project.results));
  return project.checks.map((check) => ({
    check,
    result: humanModelAgreement(
      agreementUnits(labels, check, 'blind'),
      (unit) => model.get(unit.story)?.[check]?.[unit.valueIndex]?.verdict
    )
  }));
}

/** One value and check on which the checking model's verdict is not the people's majority. */
export interface ModelDisagreement {
  storyId: string;
  valueIndex: number;
  check: CheckKind;
  /** `statement--attitude`. */
  value: string;
  human: 'pass' | 'fail';
  people: { annotator: string; verdict: 'pass' | 'fail'; evidence: string[]; note?: string }[];
  model: { verdict: 'pass' | 'fail'; reasoning?: string; quotes: string[] };
}

/**
 * Where the checking model and the people's blind majority part ways, each with every person's
 * label and evidence and the model's verdict and reasoning, to be read side by side.
 */
export function modelDisagreements(project: AnnotationProject): ModelDisagreement[] {
  const stories = new Map(project.stories.map((s) => [s.storyId, s]));
  const out: ModelDisagreement[] = [];
  for (const check of project.checks) {
    const labels = new Map(Object.entries(project.results));
    const units = agreementUnits(labels, check, 'blind');
    const majority = humanMajority(units);
    for (const unit of units) {
      const human = majority.get(unit);
      const story = stories.get(unit.story);
      const model = story?.model?.[check]?.[unit.valueIndex];
      if (human === undefined || story === undefined || model?.verdict === undefined) continue;
      if (model.verdict === human) continue;
      const people = [...labels].flatMap(([annotator, list]) =>
        list
          .filter((l) => l.storyId === unit.story && l.valueIndex === unit.valueIndex && l.check === check)
          .map((l) => ({
            annotator,
            verdict: l.blind.verdict,
            evidence: l.blind.evidence.map((e) => e.quote),
            ...(l.blind.note ? { note: l.blind.note } : {})
          }))
      );
      const value = story.values[unit.valueIndex];
      out.push({
        storyId: unit.story,
        valueIndex: unit.valueIndex,
        check,
        value: value ? formatValue(value) : '',
        human,
        people,
        model: {
          verdict: model.verdict,
          ...(model.reasoning ? { reasoning: model.reasoning } : {}),
          quotes: model.quotes.map((q) => (q.character ? `${q.character}: ${q.speech}` : q.speech))
        }
      });
    }
  }
  return out;
}
