/**
 * Renders one story of `stories/convo-chat.stories.ts` (named by `?story=`) with the args in the query
 * (`theme`, `dir`, `density`), and runs its `play`, exactly as Storybook would; the screenshot script
 * photographs the result. The stories are the fixtures.
 */
import { render } from 'lit';
import * as stories from '../../stories/convo-chat.stories.js';

interface StoryLike {
  args?: Record<string, unknown>;
  render: (args: Record<string, unknown>) => unknown;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void> | void;
}

const query = new URLSearchParams(location.search);
const story = (stories as unknown as Record<string, StoryLike>)[query.get('story') ?? 'Empty']!;
const args: Record<string, unknown> = { ...stories.default.args, ...story.args };
for (const name of ['theme', 'dir', 'density']) {
  const value = query.get(name);
  if (value !== null) args[name] = value;
}
const canvas = document.querySelector<HTMLElement>('#canvas')!;
if (args['theme'] === 'dark') document.body.style.background = '#0b0d10';
render(story.render(args), canvas);
await story.play?.({ canvasElement: canvas });
document.body.dataset['ready'] = 'true';
