import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCellValue } from '../analysis/csv';
import { buildProject } from './project';
import { labelsCsv } from './labels-csv';
import { adjudicate } from './adjudication';
import { sha256Hex } from '../text/sha256';

const TEXT = 'Mara smiled. "=SUM(A1)" she said, and left.';

async function project() {
  const p = await buildProject(
    {
      name: 'Pilot',
      dataset: 'shipped',
      checks: ['incorporation', 'consistency'],
      annotators: ['ben', 'ana'],
      overlap: { kind: 'all', perStory: 2 },
      count: 1,
      seed: 's'
    },
    [
      {
        storyId: 'social-01',
        category: 'social',
        index: 0,
        text: TEXT,
        values: [{ statement: 'Kindness', attitude: 'agree' }]
      }
    ],
    new Date('2026-01-01T00:00:00Z'),
    'p1'
  );
  const textHash = await sha256Hex(TEXT);
  const quote = { start: 13, end: 23, quote: '"=SUM(A1)"' };
  return adjudicate(
    {
      ...p,
      results: {
        ana: [
          {
            storyId: 'social-01',
            textHash,
            valueIndex: 0,
            check: 'incorporation',
            blind: { verdict: 'fail', evidence: [] },
            revised: {
              verdict: 'pass',
              evidence: [{ start: 0, end: 12, quote: 'Mara smiled.' }, quote],
              note: '+1 obvious'
            }
          },
          {
            storyId: 'social-01',
            textHash,
            valueIndex: 0,
            check: 'consistency',
            blind: { verdict: 'pass', evidence: [] }
          }
        ],
        ben: [
          {
            storyId: 'social-01',
            textHash,
            valueIndex: 0,
            check: 'incorporation',
            blind: { verdict: 'fail', character: 'Mara', evidence: [] }
          }
        ]
      }
    },
    'social-01#0#incorporation',
    'pass',
    'She smiles: kindness shows.',
    new Date(0)
  );
}

describe('labelsCsv', () => {
  it('writes one row per story × value × check × annotator, with both labels, evidence and the final label', async () => {
    const p = await project();
    const parsed = Papa.parse<Record<string, string>>(labelsCsv(p), {
      header: true,
      transform: csvCellValue
    });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data.map((r) => [
      r.check,
      r.annotator,
      r.label_before_reveal,
      r.label_final,
      r.changed_after_reveal,
      r.character,
      r.evidence_offsets,
      r.evidence_quotes,
      r.note,
      r.item_final_label,
      r.item_final_status
    ]);
    expect(rows).toEqual([
      [
        'incorporation',
        'ana',
        'fail',
        'pass',
        'true',
        '',
        '0-12;13-23',
        'Mara smiled.\n"=SUM(A1)"',
        '+1 obvious',
        'pass',
        'adjudicated'
      ],
      ['incorporation', 'ben', 'fail', 'fail', 'false', 'Mara', '', '', '', 'pass', 'adjudicated'],
      ['consistency', 'ana', 'pass', 'pass', 'false', '', '', '', '', 'pass', 'unanimous']
    ]);
    expect(parsed.data[0]).toMatchObject({
      project_id: 'p1',
      story_id: 'social-01',
      category: 'social',
      value: '1',
      value_text: 'Kindness--agree'
    });
  });

  it('escapes cells a spreadsheet would run as formulas', async () => {
    const text = labelsCsv(await project());
    expect(text).toContain(`"'+1 obvious"`);
    expect(text).not.toMatch(/(^|,)[=+@-]/m);
  });
});
