import { agreementReport, type AgreementReport } from '../agreement/report';
import type { CheckKind } from '../checks/check-templates';
import type { AnnotationProject } from './project';
import type { ValueLabel } from './schema';
import { agreementUnits, anchoring, type Stage } from './units';

export interface CheckAgreement {
  check: CheckKind;
  stage: Stage;
  report: AgreementReport;
}

/** Agreement per check, blind and final, over the project's merged results. */
export function projectAgreement(project: AnnotationProject, category?: string): CheckAgreement[] {
  const labels = new Map<string, ValueLabel[]>(Object.entries(project.results));
  const categoryOf = new Map(project.stories.map((s) => [s.storyId, s.category]));
  const keep = (storyId: string) => category === undefined || categoryOf.get(storyId) === category;
  return project.checks.flatMap((check) =>
    (['blind', 'final'] as const).map((stage) => ({
      check,
      stage,
      report: agreementReport(agreementUnits(labels, check, stage, keep), {
        categories: ['pass', 'fail'],
        seed: `${project.id}#${check}#${stage}`
      })
    }))
  );
}

/** How many labels changed after the reveal, over the project's merged results. */
export function projectAnchoring(project: AnnotationProject): { changed: number; total: number } {
  return anchoring(new Map(Object.entries(project.results)));
}
