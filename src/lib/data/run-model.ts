import { UserError } from '$lib/core/user-message';
import type { ChatModel } from '$lib/core/ports';
import type { ModelIdentity } from '$lib/core/schema/run';
import type { RunDataset, RunnableTask } from '$lib/core/dataset/run-dataset';
import { majorityBaselineFor, uniformRandomBaseline } from '$lib/core/models/baselines';
import { createHttpModel, replyCapFor } from '$lib/models/registry';
import { loadApiKey } from '$lib/data/api-keys';

/**
 * The model of a run, rebuilt from what the run recorded (its identity) plus the key kept in
 * this browser for that server, so a run resumes after a reload with the same model.
 */
export function modelForRun(
  identity: ModelIdentity,
  dataset: RunDataset,
  task: RunnableTask,
  concurrency?: number
): ChatModel {
  if (identity.provider === 'baseline') {
    const seed = /^uniform-random:seed=(.*)$/.exec(identity.model)?.[1];
    if (seed !== undefined) return uniformRandomBaseline(seed);
    return majorityBaselineFor(dataset, task);
  }
  return remoteModel(identity, replyCapFor(task), concurrency);
}

/** A judge model, rebuilt from what a judging recorded; baselines cannot judge. */
export function judgeModelFor(identity: ModelIdentity): ChatModel {
  if (identity.provider === 'baseline') throw new UserError('a baseline cannot judge; choose a model');
  // A judge writes a line per gold value: the cap of the short-answer tasks is ample.
  return remoteModel(identity, replyCapFor('attitude'));
}

function remoteModel(identity: ModelIdentity, maxReplyBytes: number, concurrency?: number): ChatModel {
  const baseUrl = identity.baseUrl;
  if (baseUrl === undefined) throw new UserError(`the run does not say where ${identity.model} is served`);
  const apiKey = loadApiKey(baseUrl);
  const common = {
    baseUrl,
    model: identity.model,
    maxReplyBytes,
    ...(concurrency === undefined ? {} : { concurrency })
  };
  if (identity.provider === 'anthropic')
    return createHttpModel('anthropic', { ...common, apiKey: apiKey ?? '', browser: true });
  if (identity.provider === 'gemini') return createHttpModel('gemini', { ...common, apiKey: apiKey ?? '' });
  if (identity.provider === 'openai') return createHttpModel('openai', { ...common, apiKey });
  throw new UserError(
    `${identity.model} runs in this tab (${identity.provider}): load it on the Local models page, then resume`
  );
}
