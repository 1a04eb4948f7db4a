import { CliError } from '../args';
import { readCheckFile } from '../check-file';
import { datasetOfRun } from '../resolve-dataset';
import { checkReport } from '../report-checks';
import type { CommandIO } from './score';
import { datasetHash } from '../../lib/core/dataset/hash';
import { checkRunKind, checkStoriesOf } from '../../lib/core/run-kinds/check-run';

/** `score --run CHECKS.jsonl`: the pass rates of a check run, from its stored replies. */
export async function scoreCheckFile(path: string, json: boolean, io: CommandIO): Promise<number> {
  const file = await readCheckFile(path);
  const { config } = file;
  const dataset = datasetOfRun(config.dataset.id, config.categories, 'extraction');
  if ((await datasetHash(dataset.categories)) !== config.dataset.sha256)
    throw new CliError(
      `score: the stories of ${config.dataset.name} changed since ${path} was run; its verdicts are about other texts`
    );
  const input = { stories: checkStoriesOf(dataset), checks: config.checks, samples: config.samples };
  const planned = checkRunKind.plan(input).length;
  const answered = file.results.filter((r) => r.output !== null).length;
  if (answered < planned)
    io.err(
      `warning: ${planned - answered} of ${planned} calls have no reply yet; resume the check run to finish it`
    );
  const summary = checkRunKind.summarise(input, file.results);
  if (json)
    io.out(
      JSON.stringify({
        kind: 'check',
        run: { id: file.id, model: config.model },
        checks: config.checks,
        samples: config.samples,
        calls: { planned, answered },
        ...summary
      })
    );
  else io.out(checkReport(summary, config));
  return 0;
}
