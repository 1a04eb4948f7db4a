import { error } from '@sveltejs/kit';
import { userMessage } from '$lib/core/user-message';
import { checkRunPage, checkRunRecord } from '$lib/data/check-runs';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  if ((await checkRunRecord(params.id)) === undefined)
    error(404, `There is no check run ${params.id} in this browser.`);
  try {
    return await checkRunPage(params.id);
  } catch (e) {
    // The stories changed since the run, or its prompts are another version's: say which.
    error(409, userMessage(e));
  }
};
