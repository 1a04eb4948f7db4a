import type { ParsedCheck } from '../checks/parse-check';
import { sha256Hex } from '../text/sha256';
import type { BuildState, BuildStep, Role, StoryVersion } from './build-story';
import { diffLines, type DiffLine } from './diff-lines';

/**
 * A built story's lineage: every call of its recipe in the order it was asked, with the prompt's
 * hash, the raw reply, and what came of it (a new version with its diff from the one before, or
 * a check's parsed verdicts).
 */
export interface LineageEntry {
  key: string;
  role: Role;
  step: BuildStep;
  /** SHA-256 of the messages sent (system and user), as JSON. */
  promptHash: string;
  /** The raw reply; null when every attempt failed. */
  reply: string | null;
  /** The version this call made (1-based number), and its lines against the version before. */
  version?: {
    number: number;
    text: string;
    diff?: DiffLine[];
    unapplied: StoryVersion['unapplied'];
    problems: string[];
  };
  check?: { round: number; parsed: ParsedCheck };
}

export async function lineageOf(
  state: BuildState,
  replies: ReadonlyMap<string, string | null>
): Promise<LineageEntry[]> {
  const versions = new Map(state.versions.map((v, i) => [v.key, { v, i }]));
  const checks = new Map(state.checks.map((c) => [c.key, c]));
  return Promise.all(
    state.calls.map(async (call): Promise<LineageEntry> => {
      const entry: LineageEntry = {
        key: call.key,
        role: call.role,
        step: call.step,
        promptHash: await sha256Hex(JSON.stringify(call.messages)),
        reply: replies.get(call.key) ?? null
      };
      const made = versions.get(call.key);
      if (made !== undefined) {
        const before = state.versions[made.i - 1];
        entry.version = {
          number: made.i + 1,
          text: made.v.text,
          ...(before === undefined ? {} : { diff: diffLines(before.text, made.v.text) }),
          unapplied: made.v.unapplied,
          problems: made.v.problems
        };
      }
      const check = checks.get(call.key);
      if (check !== undefined) entry.check = { round: check.round, parsed: check.parsed };
      return entry;
    })
  );
}
