import { agreementReport, type AgreementReport } from '../agreement/report';
import type { CheckKind } from '../checks/check-templates';
import type { AnnotationProject } from './project';
import type { ValueLabel } from './schema';
import { agreementUnits, anchoring, type Stage } from './units';
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
