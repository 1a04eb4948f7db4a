import { CqBenchDatabase } from './db';

/** The app's one connection to its IndexedDB database. */
export const database = new CqBenchDatabase();
