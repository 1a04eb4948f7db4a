import { annotationProjectSchema, type AnnotationProject } from '$lib/core/annotation/project';
import {
  assignmentFileSchema,
  valueLabelSchema,
  type AssignmentFile,
  type ValueLabel
} from '$lib/core/annotation/schema';
import type { AnnotationWorkRecord, CqBenchDatabase } from './db';

export async function saveProject(db: CqBenchDatabase, project: AnnotationProject): Promise<void> {
  await db.annotationProjects.put({ id: project.id, createdAt: project.createdAt, project });
}

/** Projects newest first; records that no longer read as a project are named in `broken`. */
export async function listProjects(
  db: CqBenchDatabase
): Promise<{ projects: AnnotationProject[]; broken: string[] }> {
  const records = await db.annotationProjects.orderBy('createdAt').reverse().toArray();
  const projects: AnnotationProject[] = [];
  const broken: string[] = [];
  for (const record of records) {
    const parsed = annotationProjectSchema.safeParse(record.project);
    if (parsed.success) projects.push(parsed.data);
    else broken.push(record.id);
  }
  return { projects, broken };
}

export async function getProject(db: CqBenchDatabase, id: string): Promise<AnnotationProject | undefined> {
  const record = await db.annotationProjects.get(id);
  return record && annotationProjectSchema.parse(record.project);
}

export interface AnnotationWork {
  key: string;
  assignment: AssignmentFile;
  labels: ValueLabel[];
  submitted: string[];
  position: number;
  updatedAt: string;
}

export function workKey(projectId: string, annotator: string): string {
  return `${projectId}/${annotator}`;
}

function readWork(record: AnnotationWorkRecord): AnnotationWork {
  return {
    key: record.key,
    assignment: assignmentFileSchema.parse(record.assignment),
    labels: record.labels.map((l) => valueLabelSchema.parse(l)),
    submitted: record.submitted,
    position: record.position,
    updatedAt: record.updatedAt
  };
}

export async function getWork(db: CqBenchDatabase, key: string): Promise<AnnotationWork | undefined> {
  const record = await db.annotationWork.get(key);
  return record && readWork(record);
}

/** Assignments open in this browser, most recently worked on first; damaged records are skipped. */
export async function listWork(db: CqBenchDatabase): Promise<AnnotationWork[]> {
  const records = await db.annotationWork.orderBy('updatedAt').reverse().toArray();
  return records.flatMap((record) => {
    try {
      return [readWork(record)];
    } catch {
      return [];
    }
  });
}

export async function putWork(db: CqBenchDatabase, work: AnnotationWork): Promise<void> {
  await db.annotationWork.put({ ...work, labels: work.labels });
}
