import { z } from 'zod';

/** Figures stated in the paper itself: shown with their source, never as runs of this tool. */
export const reportedFiguresSchema = z.object({
  source: z.string(),
  note: z.string(),
  rows: z.array(
    z.object({
      model: z.string(),
      task: z.enum(['attitude-detection', 'value-selection', 'value-extraction']),
      metric: z.string(),
      value: z.number(),
      where: z.string()
    })
  )
});
export type ReportedFigures = z.infer<typeof reportedFiguresSchema>;
