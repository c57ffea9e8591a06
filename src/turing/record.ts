/**
 * The visual Turing test's results in the run folder: every answer appended to
 * turing/answers.jsonl, and turing/summary.json with the human error rate over all answers and a
 * 95% Wilson score interval (sound for small counts and rates near 0 or 1, unlike the normal one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeJsonAtomic } from '../store/files';
import type { RunFolder } from '../store/run-folder';

export type Truth = 'real' | 'generated';

export interface Answer {
  readonly session: string;
  /** 0-based position in the session. */
  readonly index: number;
  /** Images in the session. */
  readonly of: number;
  readonly truth: Truth;
  readonly answer: Truth;
  readonly correct: boolean;
  /** Which generator seed made the generated images. */
  readonly seed: number;
  readonly msToAnswer: number;
  readonly at: string;
}

export interface TuringSummary {
  readonly answers: number;
  readonly wrong: number;
  /** Share of images the people judged wrongly (%); 50% means they could not tell. */
  readonly humanErrorRatePercent: number;
  readonly interval95Percent: readonly [number, number];
  readonly intervalMethod: string;
  readonly sessions: number;
  readonly completeSessions: number;
  /** Generated images judged real, out of generated images shown (%). */
  readonly generatedJudgedRealPercent: number;
  readonly updatedAt: string;
}

export class TuringRecord {
  private readonly dir: string;

  constructor(folder: RunFolder) {
    this.dir = folder.file('turing');
  }

  get answersFile(): string {
    return path.join(this.dir, 'answers.jsonl');
  }

  /** Appends one answer and rewrites the summary; returns the new summary. */
  append(answer: Answer): TuringSummary {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.appendFileSync(this.answersFile, `${JSON.stringify(answer)}\n`);
    const summary = summarizeAnswers(this.readAnswers());
    writeJsonAtomic(path.join(this.dir, 'summary.json'), summary);
    return summary;
  }

  readAnswers(): Answer[] {
    if (!fs.existsSync(this.answersFile)) return [];
    return fs
      .readFileSync(this.answersFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Answer);
  }
}

export function summarizeAnswers(answers: readonly Answer[]): TuringSummary {
  const wrong = answers.filter((a) => !a.correct).length;
  const generated = answers.filter((a) => a.truth === 'generated');
  return {
    answers: answers.length,
    wrong,
    humanErrorRatePercent: answers.length === 0 ? NaN : (100 * wrong) / answers.length,
    interval95Percent: wilsonInterval(wrong, answers.length).map((p) => 100 * p) as [number, number],
    intervalMethod: 'Wilson score interval, 95%',
    sessions: new Set(answers.map((a) => a.session)).size,
    completeSessions: answers.filter((a) => a.index === a.of - 1).length,
    generatedJudgedRealPercent: generated.length === 0 ? NaN : (100 * generated.filter((a) => a.answer === 'real').length) / generated.length,
    updatedAt: new Date().toISOString(),
  };
}

/** 95% Wilson score interval of a proportion k/n, as fractions. */
export function wilsonInterval(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
