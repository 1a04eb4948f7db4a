import type { ChatMessage } from '../ports';
import {
  buildCheckPrompt,
  CHECK_KINDS,
  DEFAULT_CHECK_TEMPLATES,
  numberedValues,
  type CheckKind,
  type CheckTemplate
} from '../checks/check-templates';
import { parseCheckReply, type ParsedCheck } from '../checks/parse-check';
import { formatValue } from '../formats/values';
import type { Value } from '../schema/value';
import {
  DEFAULT_BUILD_TEMPLATES,
  fillTemplate,
  MULTIPLE_CAST_RULE,
  type BuildTemplates,
  type WritingStep
} from './build-templates';
import { checkReplacementReply, checkStoryReply, replacementsFromReply, storyFromReply } from './parse-writing';
import { replaceSpeeches, type UnappliedReplacement } from './replace-speech';
import { builtStoryProblems } from './built-rules';

/**
 * One story through the construction recipe, as a pure function of the replies received so far:
 * generate, then up to `rounds` rounds of the three checks each followed by its fix when it fails
 * (add missing values, replace contradicting speeches, rewrite speeches that say a value
 * outright), then, unless a round passed untouched, a last round of the checks alone. The
 * mechanical rules run after every rewrite; a violation sends the story back to the writer (up
 * to `ruleFixes` times). A story ends passed, or failed with every failing check named: never
 * silently dropped or passed.
 *
 * `buildStory` replays the procedure over the stored replies and returns where it stands: the
 * next call to make, or the outcome. Keys are fixed by the procedure, so a resumed construction
 * rebuilds the same calls and asks only the missing ones, and the same replies always give the
 * same story.
 */

export type Role = 'writer' | 'checker';
export type BuildStep = WritingStep | CheckKind;

/**
 * Which model a stored call was asked of, from its key alone: a key ends with its step, and the
 * three checks are the checker's (`social/0/r1/consistency`), every writing step the writer's.
 */
export function roleOfCallKey(key: string): Role {
  const step = key.slice(key.lastIndexOf('/') + 1);
  return (CHECK_KINDS as readonly string[]).includes(step) ? 'checker' : 'writer';
}

/** One story to build: where it goes, its scene and values, and its length rule. */
export interface BuildPlan {
  /** `category/index`: the prefix of every call's key. */
  key: string;
  category: string;
  scene: string;
  values: readonly Value[];
  minWords: number;
  maxWords?: number;
}

export interface BuildOptions {
  /** Check-and-fix rounds before the last check (the release makes one pass; default 2). */
  rounds: number;
  /** Rewrites asked for one text's rule violations before going on with them named. */
  ruleFixes: number;
  writing?: BuildTemplates;
  checks?: Record<CheckKind, CheckTemplate>;
  /** Filled into `{{cast}}` in the multiple-character variant. */
  castRule?: string;
  /** The system message of every call, if any. */
  systemPrompt?: string;
}

export const DEFAULT_BUILD_OPTIONS: BuildOptions = { rounds: 2, ruleFixes: 2 };

/** A call the procedure needs next: its key, which model asks it, and what is sent. */
export interface BuildCall {
  key: string;
  role: Role;
  step: BuildStep;
  messages: ChatMessage[];
  /** A reason to refuse a reply (unreadable), for the engine to ask again. */
  check: (reply: string) => string | undefined;
}

/** A version of the story: the text after a step, and what that step could not apply. */
export interface StoryVersion {
  key: string;
  step: WritingStep;
  text: string;
  /** Replacements whose speech could not be located: recorded, never applied blindly. */
  unapplied: UnappliedReplacement[];
  /** The mechanical rules this text breaks (empty when none). */
  problems: string[];
}

export interface CheckRecord {
  key: string;
  round: number;
  check: CheckKind;
  parsed: ParsedCheck;
}

export type BuildOutcome =
  | { status: 'passed' }
  | { status: 'failed'; failing: string[] }
  /** The writer's reply held no story even when asked again: nothing to go on with. */
  | { status: 'stopped'; reason: string };

/** A call whose reply is stored: what was sent, for the lineage to show and hash. */
export interface AskedCall {
  key: string;
  role: Role;
  step: BuildStep;
  messages: ChatMessage[];
}

export interface BuildState {
  versions: StoryVersion[];
  checks: CheckRecord[];
  /** Every call answered so far (or failed on every attempt), in the order the recipe asked them. */
  calls: AskedCall[];
  /** The call to make next; absent once the story has an outcome. */
  next?: BuildCall;
  outcome?: BuildOutcome;
}

/** A reply as stored: text, or null when every attempt failed. */
export type StoredReplies = ReadonlyMap<string, string | null>;

/** Thrown by the replay where a reply is missing: the call to make next. */
class Pending extends Error {
  constructor(readonly call: BuildCall) {
    super(`waiting for ${call.key}`);
  }
}
/** Thrown where the story cannot go on (the writer never gave a story). */
class Stopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function buildStory(plan: BuildPlan, replies: StoredReplies, options: BuildOptions): BuildState {
  const state: BuildState = { versions: [], checks: [], calls: [] };
  try {
    state.outcome = procedure(plan, replies, options, state);
  } catch (e) {
    if (e instanceof Pending) state.next = e.call;
    else if (e instanceof Stopped) state.outcome = { status: 'stopped', reason: e.reason };
    else throw e;
  }
  return state;
}

function procedure(plan: BuildPlan, replies: StoredReplies, o: BuildOptions, state: BuildState): BuildOutcome {
  const writing = o.writing ?? DEFAULT_BUILD_TEMPLATES;
  const checks = o.checks ?? DEFAULT_CHECK_TEMPLATES;
  const named = plan.values.some((v) => v.character !== undefined);
  const holder = named ? 'the named characters hold' : 'the characters hold';
  const messages = (prompt: string): ChatMessage[] => [
    ...(o.systemPrompt ? [{ role: 'system' as const, content: o.systemPrompt }] : []),
    { role: 'user', content: prompt }
  ];
  const ask = (key: string, role: Role, step: BuildStep, prompt: string, check: BuildCall['check']): string => {
    const reply = replies.get(key);
    if (reply === undefined) throw new Pending({ key, role, step, messages: messages(prompt), check });
    state.calls.push({ key, role, step, messages: messages(prompt) });
    if (reply === null) throw new Stopped(`the ${step} call (${key}) failed on every attempt`);
    return reply;
  };
  const writerPrompt = (step: WritingStep, text: string, values: readonly Value[], items = ''): string =>
    fillTemplate(writing[step], {
      scene: plan.scene,
      values: numberedValues(values),
      holder,
      cast: named ? (o.castRule ?? MULTIPLE_CAST_RULE) : '',
      minWords: String(plan.minWords),
      story: text,
      items
    });

  let text = '';
  /** Keeps a new text as a version, then sends it back while the rules refuse it. */
  const keep = (key: string, step: WritingStep, next: string, unapplied: UnappliedReplacement[] = []): void => {
    text = next;
    let problems = builtStoryProblems(text, plan);
    state.versions.push({ key, step, text, unapplied, problems });
    for (let fix = 1; fix <= o.ruleFixes && problems.length > 0; fix++) {
      const fixKey = `${key}/fix-rules#${fix}`;
      const reply = ask(
        fixKey,
        'writer',
        'fix-rules',
        writerPrompt('fix-rules', text, plan.values, problems.map((p) => `- ${p}`).join('\n')),
        checkStoryReply
      );
      const fixed = storyFromReply(reply);
      if (fixed === undefined) throw new Stopped(`the writer's reply to ${fixKey} holds no story`);
      text = fixed;
      problems = builtStoryProblems(text, plan);
      state.versions.push({ key: fixKey, step: 'fix-rules', text, unapplied: [], problems });
    }
  };
  const runCheck = (round: number, check: CheckKind): ParsedCheck => {
    const key = `${plan.key}/r${round}/${check}`;
    const reply = ask(key, 'checker', check, buildCheckPrompt(checks[check], text, plan.values), (r) =>
      unreadableValues(parseCheckReply(check, r, plan.values, text))
    );
    const parsed = parseCheckReply(check, reply, plan.values, text);
    state.checks.push({ key, round, check, parsed });
    return parsed;
  };

  const first = ask(
    `${plan.key}/generate`,
    'writer',
    'generate',
    writerPrompt('generate', '', plan.values),
    checkStoryReply
  );
  const generated = storyFromReply(first);
  if (generated === undefined) throw new Stopped('the writer never replied with a story');
  keep(`${plan.key}/generate`, 'generate', generated);

  for (let round = 1; round <= o.rounds; round++) {
    let changed = false;
    let undecided = false;

    const incorporation = runCheck(round, 'incorporation');
    undecided ||= hasUnreadable(incorporation);
    const missing = plan.values.filter((_, i) => failed(incorporation, i));
    if (missing.length > 0) {
      const key = `${plan.key}/r${round}/add-missing`;
      const reply = ask(key, 'writer', 'add-missing', writerPrompt('add-missing', text, missing), checkStoryReply);
      const added = storyFromReply(reply);
      if (added === undefined) throw new Stopped(`the writer's reply to ${key} holds no story`);
      keep(key, 'add-missing', added);
      changed = true;
    }

    for (const [check, step] of [
      ['consistency', 'resolve-contradictions'],
      ['implicitness', 'rewrite-obvious']
    ] as const) {
      const parsed = runCheck(round, check);
      undecided ||= hasUnreadable(parsed);
      const quoted = quotedFailures(parsed, plan.values);
      if (quoted.length === 0) continue;
      const key = `${plan.key}/r${round}/${step}`;
      const reply = ask(
        key,
        'writer',
        step,
        writerPrompt(step, text, plan.values, quoted.join('\n')),
        checkReplacementReply
      );
      const result = replaceSpeeches(text, replacementsFromReply(reply));
      keep(key, step, result.text, result.unapplied);
      changed ||= result.applied > 0;
    }

    const rulesBroken = (state.versions.at(-1)?.problems.length ?? 0) > 0;
    if (!changed && !undecided && !rulesBroken && failingChecks(state, round).length === 0)
      return { status: 'passed' };
  }

  // The last round's fixes are unchecked: check once more, fixing nothing.
  const last = o.rounds + 1;
  for (const check of ['incorporation', 'consistency', 'implicitness'] as const) runCheck(last, check);
  const failing = failingChecks(state, last);
  const problems = state.versions.at(-1)?.problems ?? [];
  const all = [...failing, ...problems.map((p) => `rules: ${p}`)];
  return all.length === 0 ? { status: 'passed' } : { status: 'failed', failing: all };
}

function failed(parsed: ParsedCheck, value: number): boolean {
  const v = parsed.values[value];
  return v !== undefined && 'verdict' in v && v.verdict === 'fail';
}

function hasUnreadable(parsed: ParsedCheck): boolean {
  return parsed.values.some((v) => 'unparseable' in v);
}

/** Why a check reply cannot be read whole: the engine asks again (kept, never guessed). */
function unreadableValues(parsed: ParsedCheck): string | undefined {
  const bad = parsed.values.flatMap((v, i) => ('unparseable' in v ? [`Value ${i + 1}: ${v.unparseable}`] : []));
  return bad.length === 0 ? undefined : bad.join('; ');
}

/** The failing values' quoted speeches, as lines for the writer: `Value N (value): [Who:] "speech"`. */
function quotedFailures(parsed: ParsedCheck, values: readonly Value[]): string[] {
  return parsed.values.flatMap((v, i) =>
    'verdict' in v && v.verdict === 'fail'
      ? v.quotes.map(
          (q) =>
            `- Value ${i + 1} (${formatValue(values[i]!)}): ${q.character ? `${q.character}: ` : ''}"${unquoted(q.speech)}"`
        )
      : []
  );
}

/** `check: value N (reason)` for each value a round's checks fail or cannot read. */
function failingChecks(state: BuildState, round: number): string[] {
  return state.checks
    .filter((c) => c.round === round)
    .flatMap((c) =>
      c.parsed.values.flatMap((v, i) =>
        'unparseable' in v
          ? [`${c.check}: value ${i + 1} unreadable (${v.unparseable})`]
          : v.verdict === 'fail'
            ? [`${c.check}: value ${i + 1} fails`]
            : []
      )
    );
}

/** A quoted speech without the quotation marks a checker may have kept around it (it is quoted again). */
function unquoted(speech: string): string {
  const m = /^["“](.*)["”]$/s.exec(speech.trim());
  return m ? m[1]! : speech;
}
