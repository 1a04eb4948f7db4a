import reported from '../../../datasets/paper-reported.json';
import { reportedFiguresSchema } from '$lib/core/schema/reported';

export function load() {
  return { reported: reportedFiguresSchema.parse(reported) };
}
