/**
 * A seed folder's report files in transit: the worker packs everything but the checkpoint, the
 * coordinator writes it into the run folder with result.json last, so a seed folder with a
 * result.json is complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../store/files';

/** Checkpoints stay with the worker (or in the shared artifacts folder); they are not reports. */
const STAYS_WITH_WORKER = /^checkpoint(\.partial|\.old)?$/;
const RESULT_FILE = 'result.json';

/** Every file under `seedDir` except checkpoints and temporary files, base64, by '/'-separated relative path. */
export function packSeedFiles(seedDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (entry.isDirectory()) {
        if (!(prefix === '' && STAYS_WITH_WORKER.test(entry.name))) walk(path.join(dir, entry.name), `${relative}/`);
      } else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
        files[relative] = fs.readFileSync(path.join(dir, entry.name)).toString('base64');
      }
    }
  };
  walk(seedDir, '');
  return files;
}

/** Writes packed files into `seedDir`, each atomically, result.json last. */
export function landSeedFiles(seedDir: string, files: Readonly<Record<string, string>>): void {
  const names = Object.keys(files).sort((a, b) => Number(a === RESULT_FILE) - Number(b === RESULT_FILE));
  for (const name of names) writeFileAtomic(path.join(seedDir, ...name.split('/')), Buffer.from(files[name], 'base64'));
}
