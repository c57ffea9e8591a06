/**
 * Finds the images of a folder dataset: root/train/<class>/*, root/test/<class>/* and, optionally,
 * root/unlabeled/** . Class names are the train/ sub-folder names in code-point order, so the
 * label of a class is the same on every machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetFormatError } from '../../src/core/errors';
import { compareText, filesUnder } from '../../src/data/assemble';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const;

export interface LabeledFiles {
  readonly files: string[];
  readonly labels: number[];
}

export interface FolderScan {
  readonly root: string;
  readonly classNames: string[];
  readonly train: LabeledFiles;
  /** Undefined when root/test/ does not exist (the loader then holds out a fraction of train). */
  readonly test?: LabeledFiles;
  readonly unlabeled: string[];
  /** Files in train/, test/ and unlabeled/ that are not images by their extension: skipped. */
  readonly otherFiles: string[];
}

export function scanImageFolder(root: string): FolderScan {
  if (!isDirectory(root)) throw new DatasetFormatError(root, 'is not a folder (expected root/train/<class>/*.png|jpg|webp)');
  const trainDir = path.join(root, 'train');
  if (!isDirectory(trainDir)) {
    throw new DatasetFormatError(trainDir, 'missing: an image-folder dataset keeps its training images in train/<class>/');
  }
  const classNames = subfolders(trainDir);
  if (classNames.length < 2) {
    throw new DatasetFormatError(trainDir, `needs one sub-folder per class, at least 2; found ${classNames.length}`);
  }
  const otherFiles = notImages(trainDir);
  const train = labeledFiles(trainDir, classNames);
  const testDir = path.join(root, 'test');
  let test: LabeledFiles | undefined;
  if (isDirectory(testDir)) {
    const unknown = subfolders(testDir).filter((c) => !classNames.includes(c));
    if (unknown.length > 0) {
      throw new DatasetFormatError(testDir, `class folder(s) ${unknown.join(', ')} have no counterpart in train/ (${classNames.join(', ')})`);
    }
    test = labeledFiles(testDir, classNames);
    otherFiles.push(...notImages(testDir));
    if (test.files.length === 0) throw new DatasetFormatError(testDir, 'holds no images; remove it to hold out part of train/ instead');
  }
  const unlabeledDir = path.join(root, 'unlabeled');
  const unlabeled = isDirectory(unlabeledDir) ? filesUnder(unlabeledDir, IMAGE_EXTENSIONS) : [];
  if (unlabeled.length > 0) otherFiles.push(...notImages(unlabeledDir));
  return { root, classNames, train, test, unlabeled, otherFiles };
}

function labeledFiles(dir: string, classNames: readonly string[]): LabeledFiles {
  const files: string[] = [];
  const labels: number[] = [];
  classNames.forEach((name, label) => {
    const classDir = path.join(dir, name);
    if (!isDirectory(classDir)) return;
    const images = filesUnder(classDir, IMAGE_EXTENSIONS);
    if (images.length === 0 && path.basename(dir) === 'train') {
      throw new DatasetFormatError(classDir, `holds no ${IMAGE_EXTENSIONS.join('/')} images`);
    }
    files.push(...images);
    labels.push(...images.map(() => label));
  });
  return { files, labels };
}

/** The files under `dir` whose extension is not an image's (hidden ones aside). */
function notImages(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !hidden(path.relative(dir, path.join(e.parentPath, e.name))))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !(IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(f).toLowerCase()));
}

function hidden(relative: string): boolean {
  return relative.split(path.sep).some((part) => part.startsWith('.'));
}

function subfolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(compareText);
}

function isDirectory(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
