/**
 * `ssgan download svhn`: fetches the cropped-digit MAT-files (train and test; extra on request,
 * 1.3 GB) into the data folder. The checksums are the ones widely used for these files.
 */
import { type DownloadOptions, type RemoteFile, downloadFile } from '../../src/data/download-file';
import { SVHN_FILES } from './svhn-files';

const HOMEPAGE = 'http://ufldl.stanford.edu/housenumbers/, "Format 2: Cropped Digits"; the loader needs train_32x32.mat and test_32x32.mat';

export const SVHN_REMOTES: Record<keyof typeof SVHN_FILES, RemoteFile> = {
  train: { url: `http://ufldl.stanford.edu/housenumbers/${SVHN_FILES.train}`, name: SVHN_FILES.train, md5: 'e26dedcc434d2e4c54c9b2d4a06d8373', homepage: HOMEPAGE },
  test: { url: `http://ufldl.stanford.edu/housenumbers/${SVHN_FILES.test}`, name: SVHN_FILES.test, md5: 'eb5a983be6a315427106f1b164d9cef3', homepage: HOMEPAGE },
  extra: { url: `http://ufldl.stanford.edu/housenumbers/${SVHN_FILES.extra}`, name: SVHN_FILES.extra, md5: 'a93ce644f1a588dc4d68dda5feec44a7', homepage: HOMEPAGE },
};

export interface SvhnDownloadOptions extends DownloadOptions {
  /** Also fetch extra_32x32.mat. */
  readonly extra?: boolean;
}

/** Downloads (or finds, already verified) the SVHN files into `dir`, one after the other; returns their paths. */
export async function downloadSvhn(dir: string, options: SvhnDownloadOptions = {}): Promise<string[]> {
  const wanted = options.extra ? [SVHN_REMOTES.train, SVHN_REMOTES.test, SVHN_REMOTES.extra] : [SVHN_REMOTES.train, SVHN_REMOTES.test];
  const files: string[] = [];
  for (const remote of wanted) files.push((await downloadFile(remote, dir, options)).file);
  return files;
}
