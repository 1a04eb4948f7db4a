import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { SHIPPED_DATASET_ID } from '$lib/core/dataset/view';

// The shipped benchmark is the dataset to show first.
export function load(): never {
  redirect(307, resolve('/datasets/[dataset]', { dataset: SHIPPED_DATASET_ID }));
}
