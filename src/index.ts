/** ssgan as a library: a trained classifier, from a run folder or an export, applied to image files. */
import 'reflect-metadata';

export { loadClassifier } from './classifier/load-classifier';
export type { LoadClassifierOptions, LoadedClassifier, Prediction } from './classifier/load-classifier';
