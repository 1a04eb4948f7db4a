import { UserError } from '$lib/core/user-message';
import type { ChatModel } from '$lib/core/ports';
import type { ModelIdentity, RunConfig } from '$lib/core/schema/run';
import type { RunDataset, RunnableTask } from '$lib/core/dataset/run-dataset';
import { replyCapFor } from '$lib/core/runner/reply-cap';
import { modelForIdentity } from '$lib/models/registry';
import { loadApiKey } from '$lib/data/api-keys';

/**
 * The model of a run, rebuilt from what the run recorded (its identity) plus the key kept in
 * this browser for that server, so a run resumes after a reload with the same model.
 */
export function modelForRun(config: RunConfig, dataset: RunDataset): ChatModel {
  const { model, task, concurrency } = config;
  return inThisBrowser(model, {
    dataset,
    task,
    maxReplyBytes: config.limits?.maxReplyBytes ?? replyCapFor(task),
    ...(concurrency === undefined ? {} : { concurrency })
  });
}

/** A judge model, rebuilt from what a judging recorded; baselines cannot judge. */
export function judgeModelFor(identity: ModelIdentity): ChatModel {
  if (identity.provider === 'baseline') throw new UserError('a baseline cannot judge; choose a model');
  // A judge writes a line per gold value: the cap of the short-answer tasks is ample.
  return inThisBrowser(identity, { maxReplyBytes: replyCapFor('attitude') });
}

/** A checking model, rebuilt from what a check run recorded; baselines cannot check stories. */
export function checkModelFor(
  identity: ModelIdentity,
  concurrency: number | undefined,
  maxReplyBytes: number
): ChatModel {
  if (identity.provider === 'baseline')
    throw new UserError('a baseline cannot check stories; choose a model');
  return inThisBrowser(identity, { maxReplyBytes, ...(concurrency === undefined ? {} : { concurrency }) });
}

/** A writer or checking model of a construction, rebuilt from what it recorded; baselines write nothing. */
export function constructionModelFor(
  identity: ModelIdentity,
  concurrency: number | undefined,
  maxReplyBytes: number
): ChatModel {
  if (identity.provider === 'baseline')
    throw new UserError('a baseline cannot write or check stories; choose a model');
  return inThisBrowser(identity, { maxReplyBytes, ...(concurrency === undefined ? {} : { concurrency }) });
}

function inThisBrowser(
  identity: ModelIdentity,
  call: { dataset?: RunDataset; task?: RunnableTask; concurrency?: number; maxReplyBytes: number }
): ChatModel {
  // An empty key reads as "none" for servers that need none, and as missing for those that do.
  const apiKey = (identity.baseUrl === undefined ? undefined : loadApiKey(identity.baseUrl)) ?? '';
  const model = modelForIdentity(identity, { ...call, apiKey, browser: true });
  if (model !== undefined) return model;
  throw new UserError(
    `${identity.model} runs in this tab (${identity.provider}): load it on the Local models page, then resume`
  );
}
