import type { RouterOutputs } from '../../lib/api-types';

type Draft = NonNullable<RouterOutputs['coaching']['recap']['draft']['draft']>['recap'];

const owners = { client: 'You', coach: 'Your coach', both: 'Together' } as const;

/** The draft as the text the coach starts editing: summary, key points, next steps. */
export function recapText(draft: Draft): string {
  const parts = [draft.summary];
  if (draft.keyPoints.length > 0) parts.push(`Key points:\n${draft.keyPoints.map((p) => `- ${p}`).join('\n')}`);
  if (draft.actionItems.length > 0)
    parts.push(
      `Next steps:\n${draft.actionItems
        .map((a) => `- ${owners[a.owner]}: ${a.task}${a.due ? ` (${a.due})` : ''}`)
        .join('\n')}`,
    );
  return parts.join('\n\n');
}
