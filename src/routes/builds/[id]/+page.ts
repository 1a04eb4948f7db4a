import { error } from '@sveltejs/kit';
import { userMessage } from '$lib/core/user-message';
import { constructionPage, constructionRecord } from '$lib/data/constructions';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  if ((await constructionRecord(params.id)) === undefined)
    error(404, `There is no construction ${params.id} in this browser.`);
  try {
    return await constructionPage(params.id);
  } catch (e) {
    // The app's prompts are another version's, or its pool cannot be read: say which.
    error(409, userMessage(e));
  }
};
