/**
 * Turing-test sessions: N images each, real or generated with equal chance, answered strictly in
 * order; anything else (a repeated or skipped index, an unknown answer, a finished or unknown
 * session) is refused and changes nothing.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Answer, TuringRecord, TuringSummary, Truth } from './record';
import type { ImagePool } from './image-pool';

export class SubmissionError extends Error {}

interface Trial {
  readonly truth: Truth;
  readonly image: Buffer;
}

interface Session {
  readonly id: string;
  readonly trials: readonly Trial[];
  next: number;
  shownAtMs: number;
  wrong: number;
}

export interface AnswerOutcome {
  readonly next: number;
  readonly total: number;
  readonly done: boolean;
  /** The person's result, once the session is done. */
  readonly result?: { readonly answers: number; readonly wrong: number; readonly accuracyPercent: number; readonly errorRatePercent: number };
  readonly overall: TuringSummary;
}

export class TuringSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly pool: ImagePool,
    private readonly record: TuringRecord,
    readonly sessionLength: number,
    private readonly seed: number,
    private readonly maxSessions = 1000,
  ) {}

  create(): { session: string; total: number } {
    if (this.sessions.size >= this.maxSessions) throw new SubmissionError(`at most ${this.maxSessions} sessions per server`);
    const used: Record<Truth, Set<number>> = { real: new Set(), generated: new Set() };
    const trials: Trial[] = [];
    for (let i = 0; i < this.sessionLength; i++) {
      const truth: Truth = randomInt(2) === 0 ? 'real' : 'generated';
      const images = this.pool[truth];
      // Without repeats inside a session while the pool lasts.
      let pick = randomInt(images.length);
      if (used[truth].size < images.length) while (used[truth].has(pick)) pick = randomInt(images.length);
      used[truth].add(pick);
      trials.push({ truth, image: images[pick] });
    }
    const id = randomUUID();
    this.sessions.set(id, { id, trials, next: 0, shownAtMs: Date.now(), wrong: 0 });
    return { session: id, total: trials.length };
  }

  /** The PNG of a session's image `index`; only images already reached may be fetched. */
  image(sessionId: string, index: number): Buffer | undefined {
    const s = this.sessions.get(sessionId);
    if (!s || !Number.isInteger(index) || index < 0 || index > s.next || index >= s.trials.length) return undefined;
    if (index === s.next) s.shownAtMs = Date.now();
    return s.trials[index].image;
  }

  /** Records the answer to image `index` of a session; throws SubmissionError for anything invalid. */
  answer(sessionId: unknown, index: unknown, answer: unknown): AnswerOutcome {
    const s = typeof sessionId === 'string' ? this.sessions.get(sessionId) : undefined;
    if (!s) throw new SubmissionError('unknown session');
    if (answer !== 'real' && answer !== 'generated') throw new SubmissionError(`answer must be "real" or "generated"`);
    if (typeof index !== 'number' || !Number.isInteger(index)) throw new SubmissionError('index must be an integer');
    if (s.next >= s.trials.length) throw new SubmissionError('session already finished');
    if (index !== s.next) throw new SubmissionError(index < s.next ? `image ${index} was already answered` : `image ${s.next} comes first`);
    const truth = s.trials[index].truth;
    const entry: Answer = {
      session: s.id, index, of: s.trials.length, truth, answer, correct: truth === answer, seed: this.seed,
      msToAnswer: Date.now() - s.shownAtMs, at: new Date().toISOString(),
    };
    const overall = this.record.append(entry);
    s.next += 1;
    if (!entry.correct) s.wrong += 1;
    const done = s.next === s.trials.length;
    const result = done
      ? { answers: s.next, wrong: s.wrong, accuracyPercent: (100 * (s.next - s.wrong)) / s.next, errorRatePercent: (100 * s.wrong) / s.next }
      : undefined;
    return { next: s.next, total: s.trials.length, done, result, overall };
  }
}
