/** Writes a run's report.json and its self-contained index.html. */
import * as fs from 'node:fs';
import { writeFileAtomic } from '../../store/files';
import type { RunFolder } from '../../store/run-folder';
import { renderReportHtml } from './html';
import { gatherReport } from './report-data';

/** Rebuilds report.json and index.html from what the run folder holds now; returns the HTML file. */
export function writeRunReport(folder: RunFolder): string {
  const data = gatherReport(folder);
  folder.writeJson('report.json', data);
  const html = renderReportHtml(data, (relative) => `data:image/png;base64,${fs.readFileSync(folder.file(relative)).toString('base64')}`);
  const file = folder.file('index.html');
  writeFileAtomic(file, html);
  return file;
}
