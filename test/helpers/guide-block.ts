/** The code block of docs/own-dataset.md that follows `marker`, or undefined when the guide has no such marker. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function guideBlock(marker: string): string | undefined {
  const guide = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'own-dataset.md'), 'utf8');
  const start = guide.indexOf(marker);
  if (start < 0) return undefined;
  const from = start + marker.length;
  return guide.slice(from, guide.indexOf('```\n', from));
}
